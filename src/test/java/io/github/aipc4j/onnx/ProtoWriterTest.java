package io.github.aipc4j.onnx;

import io.github.aipc4j.testing.onnx.TestModels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written protobuf encoding against known byte sequences: the examples of the protobuf encoding guide, and
 * ONNX messages as the onnx Python package (onnx.helper/numpy_helper, protobuf's own serializer) encodes them.
 */
class ProtoWriterTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(Consumer<ProtoWriter> body) {
        ProtoWriter w = new ProtoWriter();
        body.accept(w);
        return HEX.formatHex(w.toByteArray());
    }

    @Test
    void varints() {
        assertEquals("00", hex(w -> w.rawVarint(0)));
        assertEquals("01", hex(w -> w.rawVarint(1)));
        assertEquals("7f", hex(w -> w.rawVarint(127)));
        assertEquals("8001", hex(w -> w.rawVarint(128)));
        assertEquals("ac02", hex(w -> w.rawVarint(300)));
        assertEquals("ffffffff07", hex(w -> w.rawVarint(Integer.MAX_VALUE)));
        assertEquals("ffffffffffffffff7f", hex(w -> w.rawVarint(Long.MAX_VALUE)));
    }

    @Test
    void negativeInt64TakesTenBytes() {
        assertEquals("ffffffffffffffffff01", hex(w -> w.rawVarint(-1)));
        assertEquals("feffffffffffffffff01", hex(w -> w.rawVarint(-2)));
        assertEquals("80808080808080808001", hex(w -> w.rawVarint(Long.MIN_VALUE)));
        // int64 field 3 = -1: tag 0x18, then ten bytes
        assertEquals("18ffffffffffffffffff01", hex(w -> w.varint(3, -1)));
    }

    @Test
    void tagsAndScalarFields() {
        assertEquals("089601", hex(w -> w.varint(1, 150))); // the encoding guide's first example
        assertEquals("a00102", hex(w -> w.varint(20, 2))); // AttributeProto.type = INT: a two-byte tag
        assertEquals("0801", hex(w -> w.bool(1, true)));
        assertEquals("1500008040", hex(w -> w.float32(2, 4.0f)));
        assertEquals("150000803f", hex(w -> w.float32(2, 1.0f)));
        assertEquals("1d000000c0", hex(w -> w.float32(3, -2.0f)));
        assertEquals("1578563412", hex(w -> w.fixed32(2, 0x12345678)));
        assertEquals("09000000000000f03f", hex(w -> w.float64(1, 1.0)));
        assertEquals("090807060504030201", hex(w -> w.fixed64(1, 0x0102030405060708L)));
        assertThrows(IllegalArgumentException.class, () -> new ProtoWriter().varint(0, 1));
    }

    @Test
    void lengthDelimited() {
        assertEquals("120774657374696e67", hex(w -> w.string(2, "testing"))); // the encoding guide's example
        assertEquals("0a0368c3a9", hex(w -> w.string(1, "hé"))); // UTF-8
        assertEquals("0a00", hex(w -> w.string(1, "")));
        assertEquals("2a03010203", hex(w -> w.bytes(5, new byte[] {1, 2, 3})));
        assertEquals("1a03089601", hex(w -> w.message(3, m -> m.varint(1, 150)))); // embedded message
        assertEquals("1200", hex(w -> w.message(2, m -> { }))); // empty, still present
        assertEquals("2206038e029ea705", hex(w -> w.packedVarints(4, 3, 270, 86942))); // packed example
        byte[] big = new byte[300];
        String encoded = hex(w -> w.bytes(1, big));
        assertEquals("0aac02", encoded.substring(0, 6));
        assertEquals(3 + 300, encoded.length() / 2);
    }

    @Test
    void attributesEncodeAsOnnxHelperDoes() {
        assertEquals("0a016918ffffffffffffffffff01a00102", attr(OnnxAttribute.of("i", -1L)));
        assertEquals("0a01661500002040a00101", attr(OnnxAttribute.of("f", 2.5f)));
        assertEquals("0a0173220368c3a9a00103", attr(OnnxAttribute.of("s", "hé")));
        assertEquals("0a04696e747340f9ffffffffffffffff0140808080808020a00107",
                attr(OnnxAttribute.ints("ints", -7, 1L << 40)));
        assertEquals("0a06666c6f6174733d0000803f3d000000c0a00106", attr(OnnxAttribute.floats("floats", 1f, -2f)));
        assertEquals("0a04737472734a01614a00a00108", attr(OnnxAttribute.strings("strs", "a", "")));
        assertEquals("0a01742a11080210014201634a080000803f00000040a00104",
                attr(OnnxAttribute.of("t", OnnxTensor.floats("c", new long[] {2}, 1f, 2f))));
    }

    @Test
    void tensorsEncodeAsNumpyHelperDoes() {
        assertEquals("0802100832016132026263420177",
                hex(OnnxTensor.strings("w", new long[] {2}, "a", "bc")::writeTo));
        assertEquals("100742016b4a08feffffffffffffff", hex(OnnxTensor.scalar("k", -2L)::writeTo));
        assertThrows(IllegalArgumentException.class, () -> OnnxTensor.floats("x", new long[] {2, 2}, 1f, 2f, 3f));
        assertThrows(IllegalArgumentException.class,
                () -> OnnxTensor.raw("x", ElemType.INT4, new long[] {3}, new byte[] {1}));
        assertEquals(3, OnnxTensor.raw("x", ElemType.INT4, new long[] {3}, new byte[] {1, 2}).dims()[0]); // 2 a byte
    }

    @Test
    void modelsEncodeAsOnnxHelperDoes() {
        assertEquals("08083a560a1a0a01781201791a086964656e7469747922084964656e74697479120e6964656e746974795f666c6f6174"
                + "5a130a0178120e0a0c080112080a0208020a02080362130a0179120e0a0c080112080a0208020a02080342040a001011",
                HEX.formatHex(TestModels.identity(ElemType.FLOAT, 2, 3).toBytes()));
        assertEquals("0808120c61697063346a2d74657374731a03312e302210696f2e6769746875622e61697063346a280332154120"
                + "6d6f64656c2077697468206d657461646174613a680a100a017812017922084964656e74697479120e6d6574616461"
                + "74615f67726170685222546865206772617068206f662061206d6f64656c2077697468206d657461646174615a0f0a"
                + "0178120a0a08080112040a020801620f0a0179120a0a08080112040a02080142040a00101172100a06617574686f72"
                + "120661697063346a72100a07707572706f736512057465737473",
                HEX.formatHex(TestModels.withMetadata().toBytes()));
        // a Loop with a GRAPH attribute, scalar shapes (empty shape messages), an empty optional input
        assertEquals("08083ad2020a81020a0a747269705f636f756e740a000a01781201791a046c6f6f7022044c6f6f702ade010a04626f"
                + "647932d2010a1d0a07636f6e645f696e1208636f6e645f6f757422084964656e746974790a1d0a04785f696e0a0478"
                + "5f696e120770726f6475637422064d61744d756c0a160a0770726f647563741205785f6f7574220454616e68120973"
                + "6c6f775f626f64795a130a09697465726174696f6e12060a04080712005a110a07636f6e645f696e12060a04080912"
                + "005a180a04785f696e12100a0e0801120a0a030880020a0308800262120a08636f6e645f6f757412060a0408091200"
                + "62190a05785f6f757412100a0e0801120a0a030880020a03088002a001051204736c6f772a181007420a747269705f"
                + "636f756e744a0803000000000000005a150a017812100a0e0801120a0a030880020a0308800262150a017912100a0e"
                + "0801120a0a030880020a0308800242040a001011",
                HEX.formatHex(TestModels.slow(3).toBytes()));
    }

    @Test
    void shapesAndOpsets() {
        // unknown rank: no shape field; unknown dim: an empty Dimension; symbolic: dim_param
        assertEquals("0a020801", hex(OnnxTensorType.unknownRank(ElemType.FLOAT)::writeTo));
        assertEquals("0a0608011202" + "0a00", hex(OnnxTensorType.of(ElemType.FLOAT, (Object) null)::writeTo));
        assertEquals("0a0b080712070a05120362617a", hex(OnnxTensorType.of(ElemType.INT64, "baz")::writeTo));
        OnnxModel m = OnnxModel.builder().irVersion(10).opset("", 21).opset("com.microsoft", 1)
                .graph(OnnxGraph.builder("g").build()).build();
        // ir_version 10, graph {name "g"}, opset {"" 21}, opset {"com.microsoft" 1}
        assertEquals("080a3a0312016742040a00101542110a0d636f6d2e6d6963726f736f66741001",
                HEX.formatHex(m.toBytes()));
    }

    @Test
    void writesFiles(@TempDir Path dir) throws Exception {
        OnnxModel model = TestModels.add(ElemType.FLOAT);
        Path file = model.write(dir.resolve("sub/add.onnx"));
        assertArrayEquals(model.toBytes(), Files.readAllBytes(file));
    }

    private static String attr(OnnxAttribute a) {
        return hex(a::writeTo);
    }
}
