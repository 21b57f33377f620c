package io.github.aipc4j.genai;

import io.github.aipc4j.core.NativeResource;

import java.lang.foreign.MemorySegment;

/** A GenAI object: counted while open, so that GenAI is only shut down once every object is closed. */
abstract class GenAiResource extends NativeResource {
    GenAiResource(MemorySegment handle) {
        super(handle);
        Oga.created();
    }

    @Override
    protected final void release(MemorySegment handle) {
        try {
            destroy(handle);
        } finally {
            Oga.destroyed();
        }
    }

    /** The {@code OgaDestroy*} call. */
    abstract void destroy(MemorySegment handle);

    MemorySegment pointer() {
        return handle();
    }
}
