package io.github.aipc4j.modelfactory;

import io.github.aipc4j.bindings.openvino.openvino_h.ov_core_compile_model;
import io.github.aipc4j.bindings.openvino.ov_shape_t;
import io.github.aipc4j.loader.NativeLoader;
import io.github.aipc4j.loader.RuntimeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import static io.github.aipc4j.bindings.openvino.openvino_h.C_POINTER;
import static io.github.aipc4j.bindings.openvino.openvino_h.F32;
import static io.github.aipc4j.bindings.openvino.openvino_h.I32;
import static io.github.aipc4j.bindings.openvino.openvino_h.I64;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_compiled_model_create_infer_request;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_compiled_model_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_core_create;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_core_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_core_read_model;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_core_read_model_from_memory_buffer;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_get_last_err_msg;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_infer_request_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_infer_request_get_tensor;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_infer_request_infer;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_infer_request_set_tensor;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_model_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_property_key_hint_execution_mode;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_property_key_hint_inference_precision;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_property_key_inference_num_threads;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_property_key_num_streams;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_shape_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_tensor_create;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_tensor_create_from_host_ptr;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_tensor_data;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_tensor_free;
import static io.github.aipc4j.bindings.openvino.openvino_h.ov_tensor_get_shape;

/**
 * Test scaffolding over the raw OpenVINO C API bindings (there is no idiomatic OpenVINO layer yet): one core, one
 * model compiled for CPU with reproducible f32 settings, infer requests, host-memory input tensors, output copies.
 * Every native handle is freed by its owner: requests before the compiled model before the core.
 */
final class OvRaw implements AutoCloseable {
    /** CPU settings for comparisons with the Java reference: no bf16/fp16, no reordering for speed, 2 threads. */
    static final String[][] CPU_ACCURACY = {
        {"EXECUTION_MODE_HINT", "ACCURACY"},
        {"INFERENCE_PRECISION_HINT", "f32"},
        {"NUM_STREAMS", "1"},
        {"INFERENCE_NUM_THREADS", "2"},
    };

    private final MemorySegment core;
    private MemorySegment compiled = MemorySegment.NULL;

    private OvRaw(MemorySegment core) {
        this.core = core;
    }

    /** A new core; the model is compiled by {@link #compileOnnx} or {@link #compileFile}. */
    static OvRaw create() {
        NativeLoader.load(RuntimeLibrary.OPENVINO);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            check(ov_core_create(out), "ov_core_create");
            return new OvRaw(out.get(C_POINTER, 0));
        }
    }

    static void check(int status, String call) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed with status " + status + ": "
                    + ov_get_last_err_msg().getString(0));
        }
    }

    /** Reads ONNX bytes with {@code ov_core_read_model_from_memory_buffer} (no weights tensor) and compiles them. */
    OvRaw compileOnnx(byte[] onnx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(onnx.length);
            MemorySegment.copy(onnx, 0, bytes, ValueLayout.JAVA_BYTE, 0, onnx.length);
            MemorySegment out = arena.allocate(C_POINTER);
            check(ov_core_read_model_from_memory_buffer(core, bytes, onnx.length, MemorySegment.NULL, out),
                    "ov_core_read_model_from_memory_buffer");
            return compile(out.get(C_POINTER, 0));
        }
    }

    /** Reads a model file ({@code .xml} + {@code .bin} beside it, or {@code .onnx}) and compiles it. */
    OvRaw compileFile(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            check(ov_core_read_model(core, arena.allocateFrom(file.toString()), MemorySegment.NULL, out),
                    "ov_core_read_model");
            return compile(out.get(C_POINTER, 0));
        }
    }

    /** {@code ov_core_compile_model(core, model, "CPU", 8, &compiled, key, value, ...)}: variadic key/value pairs. */
    private OvRaw compile(MemorySegment model) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] keys = {
                ov_property_key_hint_execution_mode(),
                ov_property_key_hint_inference_precision(),
                ov_property_key_num_streams(),
                ov_property_key_inference_num_threads(),
            };
            Object[] pairs = new Object[2 * CPU_ACCURACY.length];
            MemoryLayout[] layouts = new MemoryLayout[pairs.length];
            for (int i = 0; i < CPU_ACCURACY.length; i++) {
                String key = keys[i].reinterpret(64).getString(0);
                if (!key.equals(CPU_ACCURACY[i][0])) {
                    throw new IllegalStateException("property key " + i + " is " + key + ", expected " + CPU_ACCURACY[i][0]);
                }
                pairs[2 * i] = keys[i];
                pairs[2 * i + 1] = arena.allocateFrom(CPU_ACCURACY[i][1]);
                layouts[2 * i] = C_POINTER;
                layouts[2 * i + 1] = C_POINTER;
            }
            MemorySegment out = arena.allocate(C_POINTER);
            ov_core_compile_model invoker = ov_core_compile_model.makeInvoker(layouts);
            try {
                check(invoker.apply(core, model, arena.allocateFrom("CPU"), pairs.length, out, pairs), "ov_core_compile_model");
            } finally {
                ov_model_free(model);
            }
            compiled = out.get(C_POINTER, 0);
            return this;
        }
    }

    /** A new infer request on the compiled model; a stateful model's request starts with empty state. */
    Request newRequest() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(C_POINTER);
            check(ov_compiled_model_create_infer_request(compiled, out), "ov_compiled_model_create_infer_request");
            return new Request(out.get(C_POINTER, 0));
        }
    }

    @Override
    public void close() {
        if (!compiled.equals(MemorySegment.NULL)) {
            ov_compiled_model_free(compiled);
            compiled = MemorySegment.NULL;
        }
        ov_core_free(core);
    }

    /** An output copied out of the request: its shape and its f32 values. */
    record Output(long[] shape, float[] data) {
        float[] row(long index, int width) {
            float[] row = new float[width];
            System.arraycopy(data, Math.toIntExact(index * width), row, 0, width);
            return row;
        }
    }

    /** One infer request; inputs are host tensors over memory of the arena given per call. */
    static final class Request implements AutoCloseable {
        private MemorySegment handle;

        private Request(MemorySegment handle) {
            this.handle = handle;
        }

        void setLongs(Arena arena, String name, long[] values, long... shape) {
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_LONG, values);
            setHost(arena, name, I64(), data, shape);
        }

        void setInts(Arena arena, String name, int[] values, long... shape) {
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_INT, values);
            setHost(arena, name, I32(), data, shape);
        }

        void setFloats(Arena arena, String name, float[] values, long... shape) {
            if (values.length == 0) {
                // a zero-size tensor: host_ptr must not be NULL, so let OpenVINO allocate (nothing)
                MemorySegment out = arena.allocate(C_POINTER);
                check(ov_tensor_create(F32(), shape(arena, shape), out), "ov_tensor_create");
                set(arena, name, out.get(C_POINTER, 0));
                return;
            }
            setHost(arena, name, F32(), arena.allocateFrom(ValueLayout.JAVA_FLOAT, values), shape);
        }

        private void setHost(Arena arena, String name, int type, MemorySegment data, long... shape) {
            MemorySegment out = arena.allocate(C_POINTER);
            check(ov_tensor_create_from_host_ptr(type, shape(arena, shape), data, out), "ov_tensor_create_from_host_ptr");
            set(arena, name, out.get(C_POINTER, 0));
        }

        private void set(Arena arena, String name, MemorySegment tensor) {
            try {
                check(ov_infer_request_set_tensor(handle, arena.allocateFrom(name), tensor), "ov_infer_request_set_tensor " + name);
            } finally {
                ov_tensor_free(tensor); // the request keeps its own reference
            }
        }

        void infer() {
            check(ov_infer_request_infer(handle), "ov_infer_request_infer");
        }

        /** Copies an f32 tensor of the request (shape and data re-read after every infer: buffers may move). */
        Output get(String name) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(C_POINTER);
                check(ov_infer_request_get_tensor(handle, arena.allocateFrom(name), out), "ov_infer_request_get_tensor " + name);
                MemorySegment tensor = out.get(C_POINTER, 0);
                try {
                    MemorySegment shapeStruct = ov_shape_t.allocate(arena);
                    check(ov_tensor_get_shape(tensor, shapeStruct), "ov_tensor_get_shape");
                    long[] shape;
                    try {
                        int rank = Math.toIntExact(ov_shape_t.rank(shapeStruct));
                        shape = ov_shape_t.dims(shapeStruct).reinterpret(8L * rank).toArray(ValueLayout.JAVA_LONG);
                    } finally {
                        ov_shape_free(shapeStruct);
                    }
                    long count = 1;
                    for (long d : shape) {
                        count *= d;
                    }
                    float[] values = new float[Math.toIntExact(count)];
                    if (count > 0) {
                        MemorySegment dataOut = arena.allocate(C_POINTER);
                        check(ov_tensor_data(tensor, dataOut), "ov_tensor_data");
                        MemorySegment data = dataOut.get(C_POINTER, 0).reinterpret(4L * count);
                        MemorySegment.copy(data, ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
                    }
                    return new Output(shape, values);
                } finally {
                    ov_tensor_free(tensor);
                }
            }
        }

        @Override
        public void close() {
            if (handle != null) {
                ov_infer_request_free(handle);
                handle = null;
            }
        }

        private static MemorySegment shape(Arena arena, long... dims) {
            MemorySegment shape = ov_shape_t.allocate(arena);
            ov_shape_t.rank(shape, dims.length);
            ov_shape_t.dims(shape, arena.allocateFrom(ValueLayout.JAVA_LONG, dims));
            return shape;
        }
    }
}
