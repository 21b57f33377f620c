package io.github.aipc4j.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which model, engine and device: shared by {@code generate}, {@code chat} and {@code bench}. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "DIR",
            description = "Model folder: a GenAI folder (genai_config.json), an ONNX folder, or an OpenVINO IR folder "
                    + "(openvino_model.xml). Default: the tiny demo model, created under models/ if absent.")
    Path model;

    @Option(names = {"-e", "--engine"}, paramLabel = "ENGINE", defaultValue = "auto",
            description = "genai, ort, openvino, or auto (from the folder: genai_config.json -> genai, "
                    + "openvino_model.xml -> openvino, else ort). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = {"-d", "--device"}, paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu, cuda, dml (genai, ort), gpu, npu (openvino). Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--exact", description = "Full precision where an engine trades it for speed by default "
            + "(OpenVINO CPU: f32 instead of bf16 and a u8 KV cache), so greedy answers agree across engines.")
    boolean exact;

    /** Opens the model these options name, with a progress line on {@code err}. */
    io.github.aipc4j.llm.LanguageModel open(java.io.PrintWriter err) {
        return Loading.open(folder(err), engine, device, exact, err);
    }

    Path folder(java.io.PrintWriter err) {
        return model != null ? model : DemoModel.ensure(err);
    }
}
