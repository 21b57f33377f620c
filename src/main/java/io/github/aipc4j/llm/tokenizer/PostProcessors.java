package io.github.aipc4j.llm.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HF's post-processors (single sequences), built from {@code tokenizer.json}. */
final class PostProcessors {
    private PostProcessors() {
    }

    /** One encoding under construction (HF's Encoding, the fields aipc4j keeps). */
    static final class Seg {
        final IntList ids;
        final List<String> tokens;
        final IntList starts;
        final IntList ends;
        final IntList special;
        final IntList typeIds;
        /** 1 where the token comes from the input (HF: has a sequence id), 0 for tokens a template added. */
        final IntList inSequence;

        Seg(int capacity) {
            ids = new IntList(capacity);
            tokens = new ArrayList<>(capacity);
            starts = new IntList(capacity);
            ends = new IntList(capacity);
            special = new IntList(capacity);
            typeIds = new IntList(capacity);
            inSequence = new IntList(capacity);
        }

        void add(int id, String token, int start, int end, int isSpecial, int typeId, int fromInput) {
            ids.add(id);
            tokens.add(token);
            starts.add(start);
            ends.add(end);
            special.add(isSpecial);
            typeIds.add(typeId);
            inSequence.add(fromInput);
        }

        int size() {
            return ids.size();
        }

        /** Sets every type id, in place. */
        Seg withTypeId(int typeId) {
            for (int i = 0; i < size(); i++) {
                typeIds.set(i, typeId);
            }
            return this;
        }

        Seg copyWithTypeId(int typeId) {
            Seg c = new Seg(size());
            for (int i = 0; i < size(); i++) {
                c.add(ids.get(i), tokens.get(i), starts.get(i), ends.get(i), special.get(i), typeId, inSequence.get(i));
            }
            return c;
        }

        /** [cls] + this + [sep], type ids 0, as Bert and Roberta processing build it. */
        Seg wrap(String clsToken, int clsId, String sepToken, int sepId) {
            Seg c = new Seg(size() + 2);
            c.add(clsId, clsToken, 0, 0, 1, 0, 0);
            for (int i = 0; i < size(); i++) {
                c.add(ids.get(i), tokens.get(i), starts.get(i), ends.get(i), 0, 0, inSequence.get(i));
            }
            c.add(sepId, sepToken, 0, 0, 1, 0, 0);
            return c;
        }
    }

    interface PostProcessor {
        List<Seg> process(List<Seg> encodings, boolean addSpecialTokens);
    }

    static PostProcessor parse(Node n) {
        if (n.isNull()) {
            return null;
        }
        String type = n.type();
        switch (type) {
            case "TemplateProcessing":
                return template(n);
            case "BertProcessing": {
                Object[] sep = pair(n.required("sep"));
                Object[] cls = pair(n.required("cls"));
                return (encodings, add) -> {
                    if (!add) {
                        return encodings;
                    }
                    List<Seg> out = new ArrayList<>();
                    for (Seg s : encodings) {
                        out.add(s.wrap((String) cls[0], (Integer) cls[1], (String) sep[0], (Integer) sep[1]));
                    }
                    return out;
                };
            }
            case "RobertaProcessing": {
                Object[] sep = pair(n.required("sep"));
                Object[] cls = pair(n.required("cls"));
                boolean trim = n.bool("trim_offsets", true);
                boolean addPrefixSpace = n.bool("add_prefix_space", true);
                return (encodings, add) -> {
                    List<Seg> out = new ArrayList<>();
                    for (Seg s : encodings) {
                        if (trim) {
                            trimOffsets(s, addPrefixSpace);
                        }
                        Seg t = s.withTypeId(0);
                        out.add(add ? t.wrap((String) cls[0], (Integer) cls[1], (String) sep[0], (Integer) sep[1]) : t);
                    }
                    return out;
                };
            }
            case "ByteLevel": {
                boolean trim = n.bool("trim_offsets", true);
                boolean addPrefixSpace = n.bool("add_prefix_space", true);
                return (encodings, add) -> {
                    if (trim) {
                        for (Seg s : encodings) {
                            trimOffsets(s, addPrefixSpace);
                        }
                    }
                    return encodings;
                };
            }
            case "Sequence": {
                List<PostProcessor> parts = new ArrayList<>();
                for (Node child : n.required("processors").list()) {
                    PostProcessor p = parse(child);
                    if (p != null) {
                        parts.add(p);
                    }
                }
                return (encodings, add) -> {
                    for (PostProcessor p : parts) {
                        encodings = p.process(encodings, add);
                    }
                    return encodings;
                };
            }
            default:
                throw n.unsupported("post-processor");
        }
    }

    /** ["token", id] */
    private static Object[] pair(Node n) {
        List<Node> l = n.list();
        if (l.size() != 2) {
            throw n.error("expected [token, id]");
        }
        return new Object[]{l.get(0).string(), l.get(1).intValue()};
    }

    /** HF's process_offsets: offsets trimmed of the spaces (Ġ or whitespace) a token starts or ends with. */
    static void trimOffsets(Seg s, boolean addPrefixSpace) {
        for (int i = 0; i < s.size(); i++) {
            String token = s.tokens.get(i);
            int[] cps = token.codePoints().toArray();
            int leading = 0;
            while (leading < cps.length && isSpace(cps[leading])) {
                leading++;
            }
            int trailing = 0;
            while (trailing < cps.length && isSpace(cps[cps.length - 1 - trailing])) {
                trailing++;
            }
            if (leading == 0 && trailing == 0) {
                continue;
            }
            int start = s.starts.get(i);
            int end = s.ends.get(i);
            if (leading > 0) {
                boolean first = i == 0 || start == 0;
                if (first && addPrefixSpace && leading == 1) {
                    leading = 0;
                }
                start = Math.min(start + leading, end);
            }
            if (trailing > 0 && end >= trailing) {
                end = Math.max(end - trailing, start);
            }
            s.starts.set(i, start);
            s.ends.set(i, end);
        }
    }

    private static boolean isSpace(int c) {
        return c == 'Ġ' || Unicode.isWhitespace(c);
    }

    private record Piece(boolean sequence, String id, int typeId) {
    }

    private static PostProcessor template(Node n) {
        Map<String, int[]> specialIds = new HashMap<>();
        Map<String, List<String>> specialTokens = new HashMap<>();
        Node specials = n.get("special_tokens");
        if (!specials.isNull()) {
            for (String key : specials.map().keySet()) {
                Node t = specials.get(key);
                List<Node> ids = t.required("ids").list();
                List<Node> tokens = t.required("tokens").list();
                if (ids.size() != tokens.size()) {
                    throw t.error("ids and tokens must be of the same length");
                }
                int[] idArray = new int[ids.size()];
                List<String> tokenList = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    idArray[i] = ids.get(i).intValue();
                    tokenList.add(tokens.get(i).string());
                }
                String id = t.string("id", key);
                specialIds.put(id, idArray);
                specialTokens.put(id, tokenList);
            }
        }
        List<Piece> single = pieces(n.required("single"));
        for (Piece p : single) {
            if (p.sequence() && !p.id().equals("A")) {
                throw n.get("single").error("a single-sequence template can only use sequence A");
            }
            if (!p.sequence() && !specialIds.containsKey(p.id())) {
                throw n.get("single").error("missing SpecialToken(s) with id(s) `" + p.id() + "`");
            }
        }
        return (encodings, add) -> {
            List<Seg> out = new ArrayList<>(single.size());
            boolean used = false;
            for (Piece p : single) {
                if (p.sequence()) {
                    // the sequence itself the first time, copies after (a template may repeat $A)
                    out.add(used ? encodings.get(0).copyWithTypeId(p.typeId()) : encodings.get(0).withTypeId(p.typeId()));
                    used = true;
                } else if (add) {
                    int[] ids = specialIds.get(p.id());
                    List<String> tokens = specialTokens.get(p.id());
                    Seg s = new Seg(ids.length);
                    for (int i = 0; i < ids.length; i++) {
                        s.add(ids[i], tokens.get(i), 0, 0, 1, p.typeId(), 0);
                    }
                    out.add(s);
                }
            }
            return out;
        };
    }

    /** A template: a list of {"SpecialToken": {...}} / {"Sequence": {...}} objects, or HF's string form. */
    private static List<Piece> pieces(Node template) {
        List<Piece> out = new ArrayList<>();
        if (template.value instanceof String s) {
            for (String part : s.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(piece(part, template));
                }
            }
            return out;
        }
        for (Node p : template.list()) {
            if (p.value instanceof String s) {
                out.add(piece(s, p));
            } else if (p.has("SpecialToken")) {
                Node t = p.get("SpecialToken");
                out.add(new Piece(false, t.required("id").string(), t.integer("type_id", 0)));
            } else if (p.has("Sequence")) {
                Node t = p.get("Sequence");
                out.add(new Piece(true, t.required("id").string(), t.integer("type_id", 0)));
            } else {
                throw p.error("expected {\"SpecialToken\": ...} or {\"Sequence\": ...}");
            }
        }
        return out;
    }

    /** HF's Piece::try_from(&str): "$A", "$B:1", "[CLS]", "[SEP]:1", "$0"... */
    private static Piece piece(String s, Node where) {
        String[] parts = s.split(":", -1);
        if (parts.length > 2) {
            throw where.error("cannot build a template piece from \"" + s + "\"");
        }
        int typeId = 0;
        if (parts.length == 2) {
            try {
                typeId = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw where.error("cannot build a template piece from \"" + s + "\"");
            }
        }
        String id = parts[0];
        if (id.startsWith("$")) {
            String rest = id.substring(1);
            switch (rest) {
                case "", "A", "a" -> {
                    return new Piece(true, "A", typeId);
                }
                case "B", "b" -> {
                    return new Piece(true, "B", typeId);
                }
                default -> {
                    try {
                        int t = Integer.parseInt(rest);
                        return new Piece(true, "A", parts.length == 2 ? typeId : t);
                    } catch (NumberFormatException e) {
                        throw where.error("cannot build a template piece from \"" + s + "\"");
                    }
                }
            }
        }
        return new Piece(false, id, typeId);
    }
}
