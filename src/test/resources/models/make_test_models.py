#!/usr/bin/python3
"""Builds the small ONNX models the model tests load (Debian python3-onnx, opset 17).

  mean-square-16.onnx     takes [N, 16]: a wrong window for a config of window 32
  fails-unless-zero.onnx  takes [N, 32]; throws at run time (Gather out of bounds) unless the window's
                          first reading is 0, and scores 0.5 when it is: a model that fails and recovers

Run from this folder: /usr/bin/python3 make_test_models.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 17)]


def save(graph, name):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="outpost-tests")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, name)


def mean_square(width, name):
    x = helper.make_tensor_value_info("window", TensorProto.FLOAT, ["N", width])
    y = helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])
    nodes = [helper.make_node("Mul", ["window", "window"], ["sq"]),
             helper.make_node("ReduceMean", ["sq"], ["score"], axes=[1], keepdims=1)]
    save(helper.make_graph(nodes, "mean_square", [x], [y]), name)


def fails_unless_zero(name):
    x = helper.make_tensor_value_info("window", TensorProto.FLOAT, ["N", 32])
    y = helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1])
    inits = [numpy_helper.from_array(np.array([0, 0], dtype=np.int64), "starts"),
             numpy_helper.from_array(np.array([1, 1], dtype=np.int64), "ends"),
             numpy_helper.from_array(np.array([0.5], dtype=np.float32), "table")]
    nodes = [helper.make_node("Slice", ["window", "starts", "ends"], ["first"]),
             helper.make_node("Cast", ["first"], ["index"], to=TensorProto.INT64),
             helper.make_node("Gather", ["table", "index"], ["score"], axis=0)]
    save(helper.make_graph(nodes, "fails_unless_zero", [x], [y], initializer=inits), name)


if __name__ == "__main__":
    mean_square(16, "mean-square-16.onnx")
    fails_unless_zero("fails-unless-zero.onnx")
