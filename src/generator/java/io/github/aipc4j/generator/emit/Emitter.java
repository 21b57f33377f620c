package io.github.aipc4j.generator.emit;

import io.github.aipc4j.generator.model.CType;
import io.github.aipc4j.generator.model.Decl;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns the filtered, checked declarations into Java source files (simple class name → text). */
public final class Emitter {
    private final String pkg;
    private final Layouts layouts;
    private final HeaderEmitter header;
    private final FunctionalEmitter functional;
    private final Set<String> functionalTypedefs = new HashSet<>();
    private final Map<String, String> files = new TreeMap<>();

    public Emitter(String pkg, String headerClass, List<String> libraries, boolean systemLoad, int declsPerHeader) {
        this.pkg = pkg;
        this.layouts = new Layouts(headerClass);
        this.header = new HeaderEmitter(pkg, headerClass, layouts, libraries, systemLoad, declsPerHeader);
        this.functional = new FunctionalEmitter(layouts);
    }

    public Map<String, String> emit(List<Decl> decls) {
        for (Decl d : decls) {
            if (d instanceof Decl.Typedef t && t.function() != null) {
                functionalTypedefs.add(t.name());
            }
            // class names are mangled like every other name (`struct native` → class native_), before any
            // layout expression refers to a record by its qualified name
            if (d instanceof Decl.Record r) {
                mangle(r.record(), r.record().javaName);
            } else if (d instanceof Decl.Typedef t && t.definition() != null) {
                mangle(t.definition(), t.name());
            }
        }
        RecordEmitter records = new RecordEmitter(layouts, functional, functionalTypedefs);
        for (Decl d : decls) {
            switch (d) {
                case Decl.Function f -> {
                    header.function(f);
                    callbackClasses(f);
                }
                case Decl.Var v -> {
                    if (v.type() instanceof CType.FunctionPointer fp && !hasClass(fp)) {
                        functionalFile(Names.java(v.name()), fp.function(), v.cDecl());
                    }
                    header.variable(v);
                }
                case Decl.Constant c -> header.constant(c);
                case Decl.Record r -> recordFile(records, r.record().javaName, r.record(), r.cDecl());
                case Decl.Typedef t -> {
                    if (t.scalar() != null || t.pointer()) {
                        header.typedefLayout(t);
                    } else if (t.function() != null) {
                        functionalFile(Names.java(t.name()), t.function(), t.cDecl());
                    } else if (t.definition() != null) {
                        recordFile(records, Names.java(t.name()), t.definition(), t.cDecl());
                    } else {
                        JavaSource out = new JavaSource();
                        RecordEmitter.emitAlias(out, Names.java(t.name()), t.alias().qualifiedName(), t.cDecl());
                        put(Names.java(t.name()), out);
                    }
                }
            }
        }
        files.putAll(header.files());
        return files;
    }

    /** {@code func$param} / {@code func$return} classes for function-pointer types spelled without a typedef. */
    private void callbackClasses(Decl.Function f) {
        CType.FunctionType fn = f.type();
        for (int i = 0; i < fn.parameters().size(); i++) {
            if (fn.parameters().get(i) instanceof CType.FunctionPointer fp && !hasClass(fp)) {
                String param = fn.parameterNames().get(i);
                functionalFile(f.name() + "$" + (param.isEmpty() ? "x" + i : param), fp.function(), f.cDecl());
            }
        }
        if (fn.result() instanceof CType.FunctionPointer fp && !hasClass(fp)) {
            functionalFile(f.name() + "$return", fp.function(), f.cDecl());
        }
    }

    private static void mangle(io.github.aipc4j.generator.model.RecordDecl record, String name) {
        record.javaName = Names.java(name);
        for (io.github.aipc4j.generator.model.RecordDecl inner : record.nested) {
            mangle(inner, inner.javaName);
        }
    }

    private boolean hasClass(CType.FunctionPointer fp) {
        return fp.typedefName() != null && functionalTypedefs.contains(fp.typedefName());
    }

    private void functionalFile(String name, CType.FunctionType fn, String cDecl) {
        JavaSource out = new JavaSource();
        functional.emit(out, name, name, fn, cDecl, false);
        put(name, out);
    }

    private void recordFile(RecordEmitter records, String name, io.github.aipc4j.generator.model.RecordDecl record, String cDecl) {
        record.javaName = name;
        JavaSource out = new JavaSource();
        records.emit(out, record, cDecl, false);
        put(name, out);
    }

    private void put(String name, JavaSource out) {
        if (files.putIfAbsent(name, JavaSource.preamble(pkg) + out.text()) != null) {
            throw new IllegalStateException("two declarations generate class " + name);
        }
    }
}
