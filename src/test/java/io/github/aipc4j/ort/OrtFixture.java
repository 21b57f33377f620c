package io.github.aipc4j.ort;

import io.github.aipc4j.onnx.OnnxModel;

/** One environment for the ORT tests (ONNX Runtime keeps one per process) and model loading helpers. */
final class OrtFixture {
    static final Environment ENV = Environment.create();

    private OrtFixture() {
    }

    /** A session over a test model's bytes, single-threaded so results are deterministic on 2-core CI. */
    static Session session(OnnxModel model) {
        try (SessionOptions options = SessionOptions.create().intraOpThreads(1)) {
            return Session.create(ENV, model.toBytes(), options);
        }
    }
}
