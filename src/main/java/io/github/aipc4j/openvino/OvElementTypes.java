package io.github.aipc4j.openvino;

import io.github.aipc4j.bindings.openvino.openvino_h;
import io.github.aipc4j.core.ElementType;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ElementType} to and from {@code ov_element_type_e} as numbered by OpenVINO 2025.1 and later (the generated
 * constants; {@link Ov#load()} refuses older runtimes), and OpenVINO's short names ({@code f32}, {@code i64}, …).
 */
final class OvElementTypes {
    private static final Map<ElementType, Integer> TO_OV = new EnumMap<>(ElementType.class);
    /** Every generated {@code ov_element_type_e} constant by value, with OpenVINO's name for it. */
    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    static {
        TO_OV.put(ElementType.BOOL, openvino_h.OV_BOOLEAN());
        TO_OV.put(ElementType.BFLOAT16, openvino_h.BF16());
        TO_OV.put(ElementType.FLOAT16, openvino_h.F16());
        TO_OV.put(ElementType.FLOAT32, openvino_h.F32());
        TO_OV.put(ElementType.FLOAT64, openvino_h.F64());
        TO_OV.put(ElementType.INT4, openvino_h.I4());
        TO_OV.put(ElementType.INT8, openvino_h.I8());
        TO_OV.put(ElementType.INT16, openvino_h.I16());
        TO_OV.put(ElementType.INT32, openvino_h.I32());
        TO_OV.put(ElementType.INT64, openvino_h.I64());
        TO_OV.put(ElementType.UINT4, openvino_h.U4());
        TO_OV.put(ElementType.UINT8, openvino_h.U8());
        TO_OV.put(ElementType.UINT16, openvino_h.U16());
        TO_OV.put(ElementType.UINT32, openvino_h.U32());
        TO_OV.put(ElementType.UINT64, openvino_h.U64());
        TO_OV.put(ElementType.STRING, openvino_h.STRING());

        NAMES.put(openvino_h.DYNAMIC(), "dynamic");
        NAMES.put(openvino_h.OV_BOOLEAN(), "boolean");
        NAMES.put(openvino_h.BF16(), "bf16");
        NAMES.put(openvino_h.F16(), "f16");
        NAMES.put(openvino_h.F32(), "f32");
        NAMES.put(openvino_h.F64(), "f64");
        NAMES.put(openvino_h.I4(), "i4");
        NAMES.put(openvino_h.I8(), "i8");
        NAMES.put(openvino_h.I16(), "i16");
        NAMES.put(openvino_h.I32(), "i32");
        NAMES.put(openvino_h.I64(), "i64");
        NAMES.put(openvino_h.U1(), "u1");
        NAMES.put(openvino_h.U2(), "u2");
        NAMES.put(openvino_h.U3(), "u3");
        NAMES.put(openvino_h.U4(), "u4");
        NAMES.put(openvino_h.U6(), "u6");
        NAMES.put(openvino_h.U8(), "u8");
        NAMES.put(openvino_h.U16(), "u16");
        NAMES.put(openvino_h.U32(), "u32");
        NAMES.put(openvino_h.U64(), "u64");
        NAMES.put(openvino_h.NF4(), "nf4");
        NAMES.put(openvino_h.F8E4M3(), "f8e4m3");
        NAMES.put(openvino_h.F8E5M3(), "f8e5m2");
        NAMES.put(openvino_h.STRING(), "string");
        NAMES.put(openvino_h.F4E2M1(), "f4e2m1");
        NAMES.put(openvino_h.F8E8M0(), "f8e8m0");
    }

    private OvElementTypes() {
    }

    /** The {@code ov_element_type_e} value of {@code type}. */
    static int toOv(ElementType type) {
        return TO_OV.get(type);
    }

    /** The aipc4j type for an {@code ov_element_type_e} value, or null when aipc4j has none (u1, nf4, f8…). */
    static ElementType fromOv(int code) {
        for (Map.Entry<ElementType, Integer> e : TO_OV.entrySet()) {
            if (e.getValue() == code) {
                return e.getKey();
            }
        }
        return null;
    }

    /** OpenVINO's name of an element type ({@code f32}, {@code i64}, …), or {@code type#N} for an unknown value. */
    static String name(int code) {
        String name = NAMES.get(code);
        return name != null ? name : "type#" + code;
    }

    /** OpenVINO's name of an aipc4j type, as property values such as INFERENCE_PRECISION_HINT spell it. */
    static String name(ElementType type) {
        return name(toOv(type));
    }
}
