#!/usr/bin/env python3
"""Turns a stateless decoder ONNX file into a stateful OpenVINO IR laid out like an optimum-intel export.

    make_stateful_ir.py MODEL.onnx OUT_DIR     # writes OUT_DIR/openvino_model.xml + .bin, prints the .xml path

The ONNX graph has the GenAI/optimum KV names: inputs input_ids, attention_mask, position_ids,
past_key_values.N.key/value [batch, kv_heads, past, head_dim]; outputs logits, present.N.key/value.
What optimum-intel's exporter does to a converted decoder (optimum/exporters/openvino/stateful.py,
patch_stateful) is done here with the same OpenVINO calls:

1. fuse_cache_reorder: a new parameter beam_idx i32 [batch] and a Gather(past, beam_idx, axis 0) in front of
   every consumer of each past_key_values input (the cache reorder of beam search, fused into the model);
2. make_stateful: apply_make_stateful_transformation({past name: present name}) replaces each past input and
   its present output by a ReadValue/Assign pair on a variable named past+present
   (e.g. "past_key_values.0.keypresent.0.key"); the remaining outputs are just logits;
3. build_state_initializer: each ReadValue starts from Broadcast(0.0, [batch of input_ids, heads, 0, dim]),
   an empty cache, so a new infer request (or reset_state) starts a new conversation.

The model is saved uncompressed (compress_to_fp16=False) so that f32 weights stay f32.
It must run on the pinned openvino package (native/python, installed by native/python_env.py).
Exit status: 0 on success, 1 with a message on stderr otherwise.
"""

import os
import sys

import numpy as np
import openvino as ov
import openvino.opset13 as opset13
from openvino._offline_transformations import apply_make_stateful_transformation

PAST_PREFIX = "past_key_values"
PRESENT_PREFIX = "present"
BATCH_DIM = 0


def has_name(ports, name):
    return any(name in port.get_names() for port in ports)


def fuse_cache_reorder(model, key_value_input_names, gather_dim):
    """optimum-intel's fuse_cache_reorder: beam_idx selects the cache rows of each beam before every KV use."""
    if has_name(model.inputs, "beam_idx"):
        raise ValueError("the model already has a beam_idx input")
    batch = model.input("input_ids").get_partial_shape()[0]
    beam_idx = opset13.parameter(name="beam_idx", dtype=ov.Type.i32, shape=ov.PartialShape([batch]))
    beam_idx.output(0).get_tensor().add_names({"beam_idx"})
    model.add_parameters([beam_idx])
    for name in key_value_input_names:
        past = model.input(name)
        consumers = past.get_target_inputs()
        gather = opset13.gather(past, beam_idx, opset13.constant(gather_dim))
        for consumer in consumers:
            consumer.replace_source_output(gather.output(0))
    model.validate_nodes_and_infer_types()


def build_state_initializer(model, batch_dim):
    """optimum-intel's build_state_initializer: every ReadValue starts as zeros of [batch, ..., 0, ...]."""
    input_ids = model.input("input_ids")
    batch = opset13.gather(opset13.shape_of(input_ids, output_type="i64"), opset13.constant([0]), opset13.constant(0))
    for op in model.get_ops():
        if op.get_type_name() == "ReadValue":
            dims = [dim.min_length for dim in list(op.get_output_partial_shape(0))]
            dims[batch_dim] = batch
            dims = [opset13.constant(np.array([dim], dtype=np.int64)) if isinstance(dim, int) else dim for dim in dims]
            shape = opset13.concat(dims, axis=0)
            broadcast = opset13.broadcast(opset13.constant(0.0, dtype=op.get_output_element_type(0)), shape)
            op.set_arguments([broadcast])
    model.validate_nodes_and_infer_types()


def patch_stateful(model):
    """optimum-intel's patch_stateful for a decoder whose cache has the batch on axis 0."""
    key_value_input_names = [port.get_any_name() for port in model.inputs
                             if any(PAST_PREFIX in name for name in port.get_names())]
    key_value_output_names = [port.get_any_name() for port in model.outputs
                              if any(name.startswith(PRESENT_PREFIX) for name in port.get_names())]
    if not key_value_input_names or len(key_value_input_names) != len(key_value_output_names):
        raise ValueError(f"expected matching {PAST_PREFIX}.* inputs and {PRESENT_PREFIX}.* outputs, got "
                         f"{key_value_input_names} and {key_value_output_names}")
    mapping = {}
    for past in key_value_input_names:
        present = PRESENT_PREFIX + past[len(PAST_PREFIX):]
        if present not in key_value_output_names:
            raise ValueError(f"input {past} has no output {present}")
        mapping[past] = present
    fuse_cache_reorder(model, key_value_input_names, BATCH_DIM)
    apply_make_stateful_transformation(model, mapping)
    build_state_initializer(model, BATCH_DIM)


def main(argv):
    if len(argv) != 2:
        print("usage: make_stateful_ir.py MODEL.onnx OUT_DIR", file=sys.stderr)
        return 2
    onnx_file, out_dir = argv
    try:
        if not os.path.isfile(onnx_file):
            raise FileNotFoundError(f"no such ONNX file: {onnx_file}")
        model = ov.convert_model(onnx_file)
        patch_stateful(model)
        names = sorted(n for port in model.inputs for n in port.get_names())
        if names != sorted(["input_ids", "attention_mask", "position_ids", "beam_idx"]):
            raise ValueError(f"unexpected inputs after the transformation: {names}")
        os.makedirs(out_dir, exist_ok=True)
        xml = os.path.join(out_dir, "openvino_model.xml")
        ov.save_model(model, xml, compress_to_fp16=False)
    except Exception as e:  # reported to the Java caller through stderr
        print(f"make_stateful_ir: ERROR: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(os.path.abspath(xml))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
