package io.github.aipc4j.ort;

import io.github.aipc4j.bindings.onnxruntime.OrtApi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a session's {@code OrtModelMetadata} into a {@link ModelMetadata}. */
final class Metadata {
    private Metadata() {
    }

    static ModelMetadata read(MemorySegment api, MemorySegment session) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Api.check(OrtApi.SessionGetModelMetadata.invoke(OrtApi.SessionGetModelMetadata(api), session, out));
            MemorySegment metadata = out.get(Api.POINTER, 0);
            try {
                MemorySegment allocator = Api.allocator();
                Api.check(OrtApi.ModelMetadataGetProducerName.invoke(OrtApi.ModelMetadataGetProducerName(api), metadata, allocator, out));
                String producer = Api.takeString(out.get(Api.POINTER, 0));
                Api.check(OrtApi.ModelMetadataGetGraphName.invoke(OrtApi.ModelMetadataGetGraphName(api), metadata, allocator, out));
                String graph = Api.takeString(out.get(Api.POINTER, 0));
                Api.check(OrtApi.ModelMetadataGetGraphDescription.invoke(OrtApi.ModelMetadataGetGraphDescription(api), metadata, allocator, out));
                String graphDescription = Api.takeString(out.get(Api.POINTER, 0));
                Api.check(OrtApi.ModelMetadataGetDomain.invoke(OrtApi.ModelMetadataGetDomain(api), metadata, allocator, out));
                String domain = Api.takeString(out.get(Api.POINTER, 0));
                Api.check(OrtApi.ModelMetadataGetDescription.invoke(OrtApi.ModelMetadataGetDescription(api), metadata, allocator, out));
                String description = Api.takeString(out.get(Api.POINTER, 0));
                MemorySegment version = arena.allocate(ValueLayout.JAVA_LONG);
                Api.check(OrtApi.ModelMetadataGetVersion.invoke(OrtApi.ModelMetadataGetVersion(api), metadata, version));
                return new ModelMetadata(producer, graph, graphDescription, domain, description,
                        version.get(ValueLayout.JAVA_LONG, 0), custom(api, arena, metadata, allocator));
            } finally {
                OrtApi.ReleaseModelMetadata.invoke(OrtApi.ReleaseModelMetadata(api), metadata);
            }
        }
    }

    private static Map<String, String> custom(MemorySegment api, Arena arena, MemorySegment metadata, MemorySegment allocator) {
        MemorySegment keysOut = arena.allocate(ValueLayout.ADDRESS);
        MemorySegment countOut = arena.allocate(ValueLayout.JAVA_LONG);
        Api.check(OrtApi.ModelMetadataGetCustomMetadataMapKeys.invoke(OrtApi.ModelMetadataGetCustomMetadataMapKeys(api),
                metadata, allocator, keysOut, countOut));
        long n = countOut.get(ValueLayout.JAVA_LONG, 0);
        Map<String, String> result = new LinkedHashMap<>();
        MemorySegment keys = keysOut.get(Api.POINTER, 0);
        if (n == 0 || keys.address() == 0) {
            return result;
        }
        keys = keys.reinterpret(n * ValueLayout.ADDRESS.byteSize());
        try {
            MemorySegment valueOut = arena.allocate(ValueLayout.ADDRESS);
            for (long i = 0; i < n; i++) {
                MemorySegment key = keys.getAtIndex(Api.POINTER, i);
                Api.check(OrtApi.ModelMetadataLookupCustomMetadataMap.invoke(OrtApi.ModelMetadataLookupCustomMetadataMap(api),
                        metadata, allocator, key, valueOut));
                result.put(key.reinterpret(Long.MAX_VALUE).getString(0), Api.takeString(valueOut.get(Api.POINTER, 0)));
            }
        } finally {
            for (long i = 0; i < n; i++) {
                Api.free(keys.getAtIndex(Api.POINTER, i));
            }
            Api.free(keys);
        }
        return result;
    }
}
