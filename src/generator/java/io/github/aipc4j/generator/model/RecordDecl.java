package io.github.aipc4j.generator.model;

import io.github.aipc4j.generator.clang.SourceLocation;

import java.util.ArrayList;
import java.util.List;

/** A struct or union definition: its members with byte offsets, size and alignment as clang computed them. */
public final class RecordDecl {
    /** A member of the layout. */
    public sealed interface Member {
        long offset();
    }

    /** A named field; {@code nested} is set when its record or function-pointer type is emitted as a nested class. */
    public record Field(String name, CType type, long offset, String cDecl) implements Member {
    }

    /** A C11 anonymous struct/union member, whose fields are reached through the outer record. */
    public record Anonymous(RecordDecl record, long offset) implements Member {
    }

    public final boolean union;
    /** The C tag, or "" for an anonymous record. */
    public final String tag;
    public final long size;
    public final long alignment;
    public final SourceLocation location;
    public final String cDecl;
    public final List<Member> members = new ArrayList<>();
    /** Records defined inside this one and used as the type of one of its fields: emitted as nested classes. */
    public final List<RecordDecl> nested = new ArrayList<>();
    /** The Java class name; set by whoever owns the class (tag, typedef name, or field name for nested). */
    public String javaName;
    /** The enclosing record when nested. */
    public RecordDecl enclosing;

    public RecordDecl(boolean union, String tag, long size, long alignment, SourceLocation location, String cDecl) {
        this.union = union;
        this.tag = tag;
        this.size = size;
        this.alignment = alignment;
        this.location = location;
        this.cDecl = cDecl;
        this.javaName = tag;
    }

    /** {@code withName(...)} of the group layout: the tag, or {@code $anon$line:column}. */
    public String layoutName() {
        return tag.isEmpty() ? "$anon$" + location.lineColumn() : tag;
    }

    /** The qualified Java name used to refer to this record's class, e.g. {@code Outer.inner}. */
    public String qualifiedName() {
        return enclosing == null ? javaName : enclosing.qualifiedName() + "." + javaName;
    }
}
