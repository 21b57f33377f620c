package io.github.aipc4j.loader;

import io.github.aipc4j.genai.GenAiProbe;

/**
 * Run in a fresh JVM by {@link GenAiLoadOrderTest}: the very first native call of the process goes to GenAI,
 * so nothing has loaded ONNX Runtime before the loader does.
 */
public final class GenAiFirstMain {
    private GenAiFirstMain() {
    }

    public static void main(String[] args) {
        try {
            long count = GenAiProbe.emptySequencesCount();
            System.out.println("sequences=" + count);
            System.out.println("ort=" + NativeLoader.loaded(RuntimeLibrary.ONNXRUNTIME).map(LoadedRuntime::location).orElse("none"));
            System.out.println("ORT_LIB_PATH=" + NativeLoader.nativeEnvironment(NativeLoader.ORT_LIB_PATH));
        } catch (RuntimeNotFoundException e) {
            System.out.println("not-found=" + e.runtime());
            System.out.println("genai-loaded=" + NativeLoader.loaded(RuntimeLibrary.GENAI).isPresent());
            System.out.println(e.getMessage());
        }
    }
}
