package io.github.aipc4j.ort;

import java.util.Map;

/** The model's {@code OrtModelMetadata}: producer, graph, domain, description, version and custom entries. */
public record ModelMetadata(String producerName, String graphName, String graphDescription, String domain,
                            String description, long version, Map<String, String> custom) {
    public ModelMetadata {
        custom = Map.copyOf(custom);
    }
}
