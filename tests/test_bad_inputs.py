"""Every bad input gets a clear answer: a table of (call, exception type, words the message contains).

Each row calls one public function or constructor with one bad argument.  The error must be
the expected type and its message must name the argument and say what was expected (the
words listed).  Nothing here may pass silently, crash deep inside NumPy, or warn.
"""
import warnings

import numpy as np
import pytest

from helpers import activations, data, gradcheck, losses, symbolic
from helpers._checks import check_step
from helpers.experiments import fd_study, sigmoid_family
from helpers.experiments import session as training
from helpers.autograd import Value
from helpers.steps.graph import graph_state, sigmoid_neuron
from helpers.experiments import pitfalls
from helpers.nn import MLP
from helpers.steps.trace import trace

NET = MLP([2, 3, 2], seed=0)
CE = MLP([2, 3, 2], loss="cross_entropy", seed=0)
X, T = np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([[0.0, 1.0], [1.0, 0.0]])


def fit(**kw):
    args = dict(X=X, T=T, epochs=1)
    args.update(kw)
    return NET.copy().fit(**args)


def widget(name):
    import importlib
    module, cls = name.rsplit(".", 1)
    return getattr(importlib.import_module(f"helpers.widgets.{module}"), cls)


CASES = [
    # ---------------------------------------------------------------- MLP(...)
    ("MLP sizes text", lambda: MLP("2,3"), TypeError, ["sizes", "list of layer widths"]),
    ("MLP sizes None", lambda: MLP(None), TypeError, ["sizes", "list of layer widths"]),
    ("MLP sizes one", lambda: MLP([3]), ValueError, ["sizes", "at least two"]),
    ("MLP sizes zero", lambda: MLP([2, 0, 1]), ValueError, ["sizes", ">= 1"]),
    ("MLP sizes float", lambda: MLP([2, 1.5]), ValueError, ["sizes", "whole numbers"]),
    ("MLP sizes bool", lambda: MLP([True, 1]), ValueError, ["sizes", "whole numbers"]),
    ("MLP sizes negative", lambda: MLP([2, -3]), ValueError, ["sizes", ">= 1"]),
    ("MLP width huge", lambda: MLP([10**6, 10**6]), ValueError, ["1,000,000", "8 TB", "at most 4,096"]),
    ("MLP width 5000", lambda: MLP([2, 5000, 1]), ValueError, ["5,000", "at most 4,096"]),
    ("MLP activation bogus", lambda: MLP([2, 1], activation="bogus"), ValueError, ["activation must be one of", "'bogus'"]),
    ("MLP activation None", lambda: MLP([2, 1], activation=None), ValueError, ["activation must be one of"]),
    ("MLP output_activation bogus", lambda: MLP([2, 1], output_activation="bogus"), ValueError,
     ["output_activation must be one of", "'bogus'"]),
    ("MLP output_activation number", lambda: MLP([2, 1], output_activation=3), ValueError, ["output_activation must be"]),
    ("MLP loss bogus", lambda: MLP([2, 1], loss="mse"), ValueError, ["loss must be one of", "'mse'"]),
    ("MLP loss None", lambda: MLP([2, 1], loss=None), ValueError, ["loss must be one of"]),
    ("MLP softmax without CE", lambda: MLP([2, 2], output_activation="softmax"), ValueError, ["softmax", "cross_entropy"]),
    ("MLP CE one output", lambda: MLP([2, 1], loss="cross_entropy"), ValueError, ["cross_entropy", ">= 2 output"]),
    ("MLP seed text", lambda: MLP([2, 1], seed="abc"), TypeError, ["seed", "whole number >= 0", "'abc'"]),
    ("MLP seed negative", lambda: MLP([2, 1], seed=-1), ValueError, ["seed", ">= 0", "-1"]),
    ("MLP seed float", lambda: MLP([2, 1], seed=1.5), TypeError, ["seed", "whole number"]),
    ("MLP seed bool", lambda: MLP([2, 1], seed=True), TypeError, ["seed", "whole number"]),
    ("MLP seed None", lambda: MLP([2, 1], seed=None), TypeError, ["seed", "whole number"]),
    # ---------------------------------------------------------------- MLP.from_params
    ("from_params complex W", lambda: MLP.from_params([np.ones((2, 2)) * 1j], [np.zeros(2)]), TypeError,
     ["weights[0]", "complex"]),
    ("from_params bool W", lambda: MLP.from_params([np.ones((2, 2), bool)], [np.zeros(2)]), TypeError,
     ["weights[0]", "bool"]),
    ("from_params NaN b", lambda: MLP.from_params([np.ones((2, 2))], [[np.nan, 0]]), ValueError, ["biases[0]", "NaN"]),
    ("from_params text W", lambda: MLP.from_params(["ab"], [[0.0]]), TypeError, ["weights[0]"]),
    ("from_params 1-D W", lambda: MLP.from_params([np.ones(2)], [np.zeros(2)]), ValueError, ["weights[0]", "2-D"]),
    ("from_params b shape", lambda: MLP.from_params([np.ones((3, 2))], [np.zeros(2)]), ValueError,
     ["biases[0]", "shape (3,)"]),
    ("from_params no chain", lambda: MLP.from_params([np.ones((3, 2)), np.ones((1, 4))], [np.zeros(3), np.zeros(1)]),
     ValueError, ["weights[1]", "4 columns"]),
    ("from_params lengths", lambda: MLP.from_params([np.ones((3, 2))], []), ValueError, ["same non-zero length"]),
    ("from_params empty", lambda: MLP.from_params([], []), ValueError, ["same non-zero length"]),
    ("from_params huge", lambda: MLP.from_params([np.zeros((5000, 1))], [np.zeros(5000)]), ValueError, ["at most 4,096"]),
    # ---------------------------------------------------------------- forward / loss / gradients / accuracy
    ("forward text", lambda: NET.forward("ab"), TypeError, ["x", "numbers"]),
    ("forward None", lambda: NET.forward(None), TypeError, ["x", "numbers"]),
    ("forward dict", lambda: NET.forward({"a": 1}), TypeError, ["x", "numbers"]),
    ("forward complex", lambda: NET.forward([1j, 0]), TypeError, ["x", "complex"]),
    ("forward bool", lambda: NET.forward([True, False]), TypeError, ["x", "bool"]),
    ("forward ragged", lambda: NET.forward([[1, 2], [3]]), TypeError, ["x", "rectangular"]),
    ("forward list with None", lambda: NET.forward([1.0, None]), TypeError, ["x", "numbers"]),
    ("forward wrong width", lambda: NET.forward([1, 2, 3]), ValueError, ["x must have 2 inputs"]),
    ("forward 3-D", lambda: NET.forward(np.ones((1, 1, 2))), ValueError, ["x", "1-D", "2-D"]),
    ("forward scalar", lambda: NET.forward(1.0), ValueError, ["x", "1-D"]),
    ("forward empty", lambda: NET.forward(np.empty((0, 2))), ValueError, ["x is an empty batch"]),
    ("forward NaN", lambda: NET.forward([np.nan, 0]), ValueError, ["x contains NaN"]),
    ("forward inf", lambda: NET.forward([np.inf, 0]), ValueError, ["x contains NaN or inf"]),
    ("forward overflow", lambda: MLP.from_params([[[1e200]]], [[0.0]], "linear", "linear").forward([1e200]),
     ValueError, ["output", "overflowed"]),
    ("loss t width", lambda: NET.loss(X, np.ones((2, 3))), ValueError, ["t must have 2 targets"]),
    ("loss t complex", lambda: NET.loss(X, T * 1j), TypeError, ["t", "complex"]),
    ("loss t bool", lambda: NET.loss(X, T.astype(bool)), TypeError, ["t", "bool"]),
    ("loss samples differ", lambda: NET.loss(X, T[:1]), ValueError, ["x and t", "same number of samples"]),
    ("loss t NaN", lambda: NET.loss(X, [[np.nan, 0], [0, 1]]), ValueError, ["t contains NaN"]),
    ("loss overflow", lambda: MLP.from_params([[[1e200]]], [[0.0]], "linear", "linear").loss([1.0], [-1e200]),
     ValueError, ["too large for a float64"]),
    ("gradients t text", lambda: NET.gradients(X, "t"), TypeError, ["t", "numbers"]),
    ("gradients x width", lambda: NET.gradients(np.ones((2, 5)), T), ValueError, ["x must have 2 inputs"]),
    ("gradients CE row sum 2", lambda: CE.gradients([0.1, 0.2], [2.0, 0.0]), ValueError, ["t", "probability rows", "row 0"]),
    ("gradients CE negative", lambda: CE.gradients([0.1, 0.2], [1.5, -0.5]), ValueError, ["t", "probability rows"]),
    ("gradients CE half", lambda: CE.gradients([0.1, 0.2], [0.5, 0.0]), ValueError, ["t", "probability rows"]),
    ("accuracy t width", lambda: NET.accuracy(X, np.ones((2, 1))), ValueError, ["t must have 2 targets"]),
    ("accuracy CE rows", lambda: CE.accuracy(X, T * 2), ValueError, ["t", "probability rows"]),
    # ---------------------------------------------------------------- step
    ("step lr negative", lambda: NET.copy().step(X, T, lr=-1), ValueError, ["lr", "learning rate", "> 0"]),
    ("step lr zero", lambda: NET.copy().step(X, T, lr=0), ValueError, ["lr", "> 0"]),
    ("step lr text", lambda: NET.copy().step(X, T, lr="0.1"), TypeError, ["lr", "'0.1'"]),
    ("step lr complex", lambda: NET.copy().step(X, T, lr=0.1j), TypeError, ["lr", "complex"]),
    ("step lr nan", lambda: NET.copy().step(X, T, lr=np.nan), ValueError, ["lr", "finite"]),
    ("step lr bool", lambda: NET.copy().step(X, T, lr=True), TypeError, ["lr", "bool"]),
    ("step l2 negative", lambda: NET.copy().step(X, T, lr=0.1, l2=-0.1), ValueError, ["l2", "α", ">= 0"]),
    ("step l2 inf", lambda: NET.copy().step(X, T, lr=0.1, l2=np.inf), ValueError, ["l2", "finite"]),
    ("step x complex", lambda: NET.copy().step(X * 1j, T, lr=0.1), TypeError, ["x", "complex"]),
    # ---------------------------------------------------------------- fit
    ("fit lr inf", lambda: fit(lr=np.inf), ValueError, ["lr", "finite"]),
    ("fit lr None", lambda: fit(lr=None), TypeError, ["lr", "None"]),
    ("fit epochs zero", lambda: fit(epochs=0), ValueError, ["epochs", ">= 1"]),
    ("fit epochs float", lambda: fit(epochs=2.5), TypeError, ["epochs", "whole number"]),
    ("fit epochs text", lambda: fit(epochs="10"), TypeError, ["epochs", "'10'"]),
    ("fit batch zero", lambda: fit(batch_size=0), ValueError, ["batch_size", ">= 1"]),
    ("fit batch float", lambda: fit(batch_size=3.0), TypeError, ["batch_size", "whole number"]),
    ("fit seed text", lambda: fit(seed="abc"), TypeError, ["seed", "whole number >= 0"]),
    ("fit seed negative", lambda: fit(seed=-1), ValueError, ["seed", ">= 0"]),
    ("fit l2 text", lambda: fit(l2="0"), TypeError, ["l2", "α"]),
    ("fit record_every zero", lambda: fit(record_every=0), ValueError, ["record_every", ">= 1"]),
    ("fit callback text", lambda: fit(callback="print"), TypeError, ["callback", "function"]),
    ("fit callback number", lambda: fit(callback=3), TypeError, ["callback", "function"]),
    ("fit X_test alone", lambda: fit(X_test=X), ValueError, ["X_test and T_test", "together"]),
    ("fit T_test alone", lambda: fit(T_test=T), ValueError, ["X_test and T_test", "together"]),
    ("fit X_test width", lambda: fit(X_test=np.ones((2, 3)), T_test=T), ValueError, ["X_test must have 2 inputs"]),
    ("fit T_test width", lambda: fit(X_test=X, T_test=np.ones((2, 3))), ValueError, ["T_test must have 2 targets"]),
    ("fit test samples", lambda: fit(X_test=X, T_test=T[:1]), ValueError, ["X_test and T_test", "same number"]),
    ("fit X_test NaN", lambda: fit(X_test=X * np.nan, T_test=T), ValueError, ["X_test contains NaN"]),
    ("fit X empty", lambda: fit(X=np.empty((0, 2)), T=np.empty((0, 2))), ValueError, ["x is an empty batch"]),
    ("fit T bool", lambda: fit(T=T.astype(bool)), TypeError, ["t", "bool"]),
    ("fit CE rows", lambda: CE.copy().fit(X, T * 3, epochs=1), ValueError, ["t", "probability rows"]),
    # ---------------------------------------------------------------- activations and losses
    ("get_activation bogus", lambda: activations.get_activation("swish"), ValueError, ["activation must be one of"]),
    ("get_activation list", lambda: activations.get_activation(["relu"]), ValueError, ["activation must be one of"]),
    ("sigmoid None", lambda: activations.sigmoid(None), TypeError, ["z", "numbers"]),
    ("sigmoid text", lambda: activations.sigmoid("1"), TypeError, ["z", "numbers"]),
    ("sigmoid complex", lambda: activations.sigmoid(1j), TypeError, ["z", "complex"]),
    ("tanh_prime None", lambda: activations.tanh_prime(None), TypeError, ["z"]),
    ("relu text", lambda: activations.relu(["a"]), TypeError, ["z"]),
    ("softplus bool", lambda: activations.softplus(np.array([True])), TypeError, ["z", "bool"]),
    ("half_sse shapes", lambda: losses.half_sse(np.ones((2, 3)), np.ones((2, 1))), ValueError,
     ["Y and T", "same shape", "(2, 3)", "(2, 1)"]),
    ("half_sse rows", lambda: losses.half_sse(np.ones((4, 1)), np.ones((1, 1))), ValueError, ["same shape"]),
    ("half_sse_grad shapes", lambda: losses.half_sse_grad(np.ones(3), np.ones(2)), ValueError, ["same shape"]),
    ("half_sse NaN", lambda: losses.half_sse([np.nan], [0.0]), ValueError, ["Y contains NaN"]),
    ("half_sse text", lambda: losses.half_sse("y", [0.0]), TypeError, ["Y", "numbers"]),
    ("half_sse overflow", lambda: losses.half_sse([1e200], [-1e200]), ValueError, ["too large for a float64"]),
    ("cross_entropy shapes", lambda: losses.cross_entropy_from_logits(np.ones((2, 3)), np.ones((2, 2))), ValueError,
     ["Z and T", "same shape"]),
    ("cross_entropy rows", lambda: losses.cross_entropy_from_logits([[0.0, 1.0]], [[2.0, 0.0]]), ValueError,
     ["T", "probability rows"]),
    ("softmax text", lambda: losses.softmax("z"), TypeError, ["Z", "numbers"]),
    ("check_loss_name", lambda: losses.check_loss_name("l1"), ValueError, ["loss must be one of"]),
    # ---------------------------------------------------------------- data
    ("one_hot out of range", lambda: data.one_hot([0, 5], 3), ValueError, ["y", "0 to 2", "5"]),
    ("one_hot negative", lambda: data.one_hot([-1, 0], 3), ValueError, ["y", "0 to 2"]),
    ("one_hot fractional", lambda: data.one_hot([0.5], 3), TypeError, ["y", "whole-number"]),
    ("one_hot text", lambda: data.one_hot("ab", 3), TypeError, ["y"]),
    ("one_hot n_classes zero", lambda: data.one_hot([0], 0), ValueError, ["n_classes", ">= 1"]),
    ("one_hot n_classes float", lambda: data.one_hot([0], 2.0), TypeError, ["n_classes", "whole number"]),
    ("one_hot 2-D labels", lambda: data.one_hot([[0, 1]], 2), ValueError, ["y", "1-D"]),
    ("load_toy name", lambda: data.load_toy("rings"), ValueError, ["name must be one of", "'rings'"]),
    ("load_toy n_samples", lambda: data.load_toy("xor", n_samples=2), ValueError, ["n_samples", "from 4"]),
    ("load_toy n_samples huge", lambda: data.load_toy("xor", n_samples=10**9), ValueError, ["n_samples", "100,000"]),
    ("load_toy noise", lambda: data.load_toy("xor", noise=-1), ValueError, ["noise", ">= 0"]),
    ("load_toy noise text", lambda: data.load_toy("xor", noise="0.1"), TypeError, ["noise", ">= 0"]),
    ("load_toy seed", lambda: data.load_toy("xor", seed=-1), ValueError, ["seed", ">= 0"]),
    ("load_toy seed text", lambda: data.load_toy("xor", seed="abc"), TypeError, ["seed"]),
    ("load_toy fraction 0.99", lambda: data.load_toy("xor", n_samples=20, test_fraction=0.99), ValueError,
     ["test_fraction", "0 for training", "at least one"]),
    ("load_toy fraction 0.01", lambda: data.load_toy("xor", n_samples=20, test_fraction=0.01), ValueError,
     ["test_fraction", "0 for testing"]),
    ("load_toy fraction 1", lambda: data.load_toy("xor", test_fraction=1.0), ValueError, ["test_fraction", "< 1"]),
    ("load_toy fraction text", lambda: data.load_toy("xor", test_fraction="0.3"), TypeError, ["test_fraction"]),
    ("load_digits fraction", lambda: data.load_digits(test_fraction=0), ValueError, ["test_fraction", "> 0"]),
    ("load_digits seed", lambda: data.load_digits(seed=-3), ValueError, ["seed", ">= 0"]),
    # ---------------------------------------------------------------- gradcheck
    ("rel_error shapes", lambda: gradcheck.rel_error(np.ones(2), np.ones(3)), ValueError, ["a and b", "same shape"]),
    ("rel_error text", lambda: gradcheck.rel_error("a", 1.0), TypeError, ["a", "numbers"]),
    ("numerical_gradient h", lambda: gradcheck.numerical_gradient(lambda: 0.0, np.zeros(2), h=0), ValueError,
     ["h (the step size)", "> 0"]),
    ("numerical_gradient f", lambda: gradcheck.numerical_gradient(3, np.zeros(2)), TypeError, ["f", "function"]),
    ("numerical_gradient theta", lambda: gradcheck.numerical_gradient(lambda: 0.0, [0.0]), TypeError,
     ["theta", "float64 NumPy array"]),
    ("numerical_gradient order", lambda: gradcheck.numerical_gradient(lambda: 0.0, np.zeros(2), order=3), ValueError,
     ["order must be 2 or 4"]),
    ("numerical_mlp_gradients net", lambda: gradcheck.numerical_mlp_gradients("net", X, T), TypeError,
     ["net must be a helpers.nn.MLP"]),
    ("numerical_mlp_gradients t", lambda: gradcheck.numerical_mlp_gradients(NET, X, T[:1]), ValueError,
     ["same number of samples"]),
    ("check_mlp_gradients net", lambda: gradcheck.check_mlp_gradients(None, X, T), TypeError, ["net must be"]),
    ("verdict negative", lambda: gradcheck.verdict(-1.0), ValueError, ["err", ">= 0"]),
    ("verdict text", lambda: gradcheck.verdict("0.1"), TypeError, ["err", ">= 0"]),
    ("wrong_parameters report", lambda: gradcheck.wrong_parameters([0.1]), TypeError, ["report", "dict"]),
    ("wrong_parameters threshold", lambda: gradcheck.wrong_parameters({}, threshold=0), ValueError, ["threshold", "> 0"]),
    # ---------------------------------------------------------------- fd_study
    ("forward_difference f", lambda: fd_study.forward_difference(None, 1.0, 1e-3), TypeError, ["f", "function"]),
    ("central_difference x", lambda: fd_study.central_difference(np.sin, "1", 1e-3), TypeError, ["x", "finite number"]),
    ("central_difference h", lambda: fd_study.central_difference(np.sin, 1.0, -1e-3), ValueError, ["h (the step size)"]),
    ("step_sizes order", lambda: fd_study.step_sizes(1.0, 1e-3), ValueError, ["smallest must be below largest"]),
    ("step_sizes per_decade", lambda: fd_study.step_sizes(per_decade=0), ValueError, ["per_decade", "from 1"]),
    ("step_sizes smallest", lambda: fd_study.step_sizes(smallest=0), ValueError, ["smallest", "> 0"]),
    ("step_size_study hs", lambda: fd_study.step_size_study(np.sin, np.cos, 1.0, hs=[[1e-3]]), ValueError, ["hs", "1-D"]),
    ("step_size_study f_prime", lambda: fd_study.step_size_study(np.sin, 1, 1.0), TypeError, ["f_prime", "function"]),
    ("counting_copy net", lambda: fd_study.counting_copy([2, 2]), TypeError, ["net must be a helpers.nn.MLP"]),
    ("gradient_costs net", lambda: fd_study.gradient_costs("net", X, T), TypeError, ["net must be a helpers.nn.MLP"]),
    ("time_gradients repeats", lambda: fd_study.time_gradients(NET, X, T, repeats=0), ValueError, ["repeats", "from 1"]),
    ("buggy_network bug", lambda: fd_study.buggy_network("off_by_one"), ValueError, ["bug must be None or one of"]),
    ("buggy_network seed", lambda: fd_study.buggy_network(None, seed=-1), ValueError, ["seed", ">= 0"]),
    # ---------------------------------------------------------------- sigmoid_family and symbolic
    ("get_shape", lambda: sigmoid_family.get_shape("logit"), ValueError, ["name must be one of"]),
    ("scaled z text", lambda: sigmoid_family.scaled("tanh", "1"), TypeError, ["z", "number"]),
    ("scaled z NaN", lambda: sigmoid_family.scaled("tanh", np.nan), ValueError, ["z contains NaN"]),
    ("tail complex", lambda: sigmoid_family.tail("erf", 1j), TypeError, ["z", "complex"]),
    ("saturation_point level", lambda: sigmoid_family.saturation_point("tanh", 1.0), ValueError, ["level", "< 1"]),
    ("sigmoid_chain_bound", lambda: sigmoid_family.sigmoid_chain_bound(-1), ValueError, ["n_layers", "from 0"]),
    ("layer_gradient_norms depth", lambda: sigmoid_family.layer_gradient_norms("tanh", depth=1), ValueError,
     ["depth", "from 2"]),
    ("layer_gradient_norms activation", lambda: sigmoid_family.layer_gradient_norms("swish"), ValueError,
     ["activation must be one of"]),
    ("layer_gradient_norms seed", lambda: sigmoid_family.layer_gradient_norms("tanh", seed="a"), TypeError, ["seed"]),
    ("neuron_numbers x", lambda: symbolic.neuron_numbers("1", 0.5, 0.5), TypeError, ["x", "finite number"]),
    ("neuron_numbers lr", lambda: symbolic.neuron_numbers(1.0, 0.5, 0.5, lr=np.inf), ValueError,
     ["lr (the learning rate η)", "finite"]),
    ("neuron_numbers w bool", lambda: symbolic.neuron_numbers(1.0, 0.5, True), TypeError, ["w", "bool"]),
    ("neuron_error w text", lambda: symbolic.neuron_error("w", 1.0, 0.5), TypeError, ["w", "numbers"]),
    ("neuron_error x NaN", lambda: symbolic.neuron_error([0.0], np.nan, 0.5), ValueError, ["x", "finite"]),
    ("neuron_derivation bias", lambda: symbolic.neuron_derivation(bias="yes"), TypeError, ["bias must be True or False"]),
    # ---------------------------------------------------------------- autograd
    ("Value text", lambda: Value("3"), TypeError, ["data must be a finite real number"]),
    ("Value inf", lambda: Value(float("inf")), ValueError, ["data", "finite"]),
    ("Value complex", lambda: Value(1j), TypeError, ["data", "complex"]),
    ("Value label", lambda: Value(1.0, label=3), TypeError, ["label must be a string"]),
    ("Value plus text", lambda: Value(1.0) + "a", TypeError, ["other operand"]),
    ("Value power Value", lambda: Value(2.0) ** Value(2.0), TypeError, ["exponent must be a constant"]),
    ("sigmoid_neuron x", lambda: sigmoid_neuron(x="a", w=1.0), TypeError, ["data must be a finite real number"]),
    # ---------------------------------------------------------------- trace and stepping
    ("trace net", lambda: trace("net", [0.1, 0.2], [0.5, 0.5]), TypeError, ["net must be a helpers.nn.MLP"]),
    ("trace x width", lambda: trace(NET, [0.1], [0.5, 0.5]), ValueError, ["x must be one sample", "2 inputs"]),
    ("trace t text", lambda: trace(NET, [0.1, 0.2], "t"), TypeError, ["t"]),
    ("trace lr", lambda: trace(NET, [0.1, 0.2], [0.5, 0.5], lr=0), ValueError, ["lr", "> 0"]),
    ("trace granularity", lambda: trace(NET, [0.1, 0.2], [0.5, 0.5], granularity="epoch"), ValueError,
     ["granularity must be one of"]),
    ("trace CE", lambda: trace(CE, [0.1, 0.2], [1.0, 0.0]), ValueError, ["half_sse"]),
    ("check_step range", lambda: check_step(9, 5), ValueError, ["k must be between 0 and 5"]),
    ("check_step float", lambda: check_step(1.5, 5), TypeError, ["k", "whole number"]),
    ("graph_state k", lambda: graph_state(sigmoid_neuron(x=1.0, w=0.5)["y"], 9), ValueError, ["k must be between 0 and 6"]),
    # ---------------------------------------------------------------- training (dashboard state and tools)
    ("settings dataset", lambda: training.TrainingSettings(dataset="rings"), ValueError, ["dataset must be one of"]),
    ("settings activation", lambda: training.TrainingSettings(activation="softplus"), ValueError,
     ["activation must be one of"]),
    ("settings lr", lambda: training.TrainingSettings(lr=0), ValueError, ["lr", "> 0"]),
    ("settings l2", lambda: training.TrainingSettings(l2=-1), ValueError, ["l2", "α"]),
    ("settings seed", lambda: training.TrainingSettings(seed=-1), ValueError, ["seed", ">= 0"]),
    ("settings seed text", lambda: training.TrainingSettings(seed="x"), TypeError, ["seed"]),
    ("settings batch", lambda: training.TrainingSettings(batch_size=0), ValueError, ["batch_size", ">= 1"]),
    ("settings n_samples", lambda: training.TrainingSettings(n_samples=10**7), ValueError, ["n_samples", "100,000"]),
    ("settings hidden text", lambda: training.TrainingSettings(hidden="4, x"), ValueError, ["hidden", "whole numbers"]),
    ("settings hidden wide", lambda: training.TrainingSettings(hidden=(40,)), ValueError, ["hidden", "1 to 16"]),
    ("settings hidden deep", lambda: training.TrainingSettings(hidden=(2,) * 7), ValueError, ["at most 6 layers"]),
    ("settings hidden None", lambda: training.TrainingSettings(hidden=None), TypeError, ["hidden", "list of layer"]),
    ("session settings", lambda: training.TrainingSession(settings="circles"), TypeError,
     ["settings must be a TrainingSettings"]),
    ("session configure", lambda: training.TrainingSession(n_samples=20).configure(speed=3), ValueError,
     ["unknown setting"]),
    ("session run", lambda: training.TrainingSession(n_samples=20).run(-1), ValueError, ["epochs", ">= 0"]),
    ("decision_grid net", lambda: training.decision_grid("net"), TypeError, ["net must be a helpers.nn.MLP"]),
    ("decision_grid inputs", lambda: training.decision_grid(MLP([3, 1])), ValueError, ["2 inputs"]),
    ("decision_grid bounds", lambda: training.decision_grid(NET, bounds=(1, -1)), ValueError, ["bounds", "low < high"]),
    ("decision_grid resolution", lambda: training.decision_grid(NET, resolution=1), ValueError, ["resolution", "from 2"]),
    ("get_params net", lambda: pitfalls.get_params([1, 2]), TypeError, ["net must be a helpers.nn.MLP"]),
    ("set_params shape", lambda: pitfalls.set_params(NET.copy(), np.zeros(3)), ValueError, ["theta", "vector of"]),
    ("set_params complex", lambda: pitfalls.set_params(NET.copy(), np.zeros(NET.n_params) * 1j), TypeError,
     ["theta", "complex"]),
    ("ProgressReport total", lambda: training.ProgressReport(0), ValueError, ["total", ">= 1"]),
    ("ProgressReport on_update", lambda: training.ProgressReport(5, on_update="print"), TypeError,
     ["on_update", "function"]),
    ("ProgressReport history", lambda: training.ProgressReport(5)(1, []), TypeError, ["history", "dict"]),
    ("confusion_matrix shapes", lambda: training.confusion_matrix([0, 1], [0]), ValueError, ["y_true and y_pred"]),
    ("confusion_matrix floats", lambda: training.confusion_matrix([0.5], [1.0]), TypeError, ["whole-number"]),
    ("confusion_matrix range", lambda: training.confusion_matrix([0, 3], [0, 1], n_classes=2), ValueError,
     ["labels must lie in 0..1"]),
    # ---------------------------------------------------------------- drawings and widgets
    ("draw_neuron lr", lambda: __import__("helpers.draw.neuron", fromlist=["x"]).draw_neuron(lr="2"), TypeError,
     ["lr (the learning rate η)"]),
    ("plot_activation name", lambda: __import__("helpers.draw.activations", fromlist=["x"]).plot_activation("swish"),
     ValueError, ["name must be one of"]),
    ("plot_activation scale", lambda: __import__("helpers.draw.activations", fromlist=["x"]).plot_activation(scale=0),
     ValueError, ["scale", "> 0"]),
    ("plot_sigmoid_family z_max", lambda: __import__("helpers.draw.activations", fromlist=["x"])
     .plot_sigmoid_family(z_max="4"), TypeError, ["z_max", "> 0"]),
    ("render_step net text", lambda: __import__("helpers.draw.network", fromlist=["x"]).render_step("net", 3),
     TypeError, ["net_or_trace must be a helpers.nn.MLP"]),
    ("draw_graph_step root", lambda: __import__("helpers.draw.graph", fromlist=["x"]).draw_graph_step(3.0, 1),
     TypeError, ["root must be a Value"]),
    ("NetworkStepper net text", lambda: widget("network_stepper.NetworkStepper")("net", [0.1, 0.2], [0.5, 0.5]),
     TypeError, ["net must be a helpers.nn.MLP", "'net'"]),
    ("NetworkStepper net list", lambda: widget("network_stepper.NetworkStepper")([2, 2], [0.1, 0.2], [0.5, 0.5]),
     TypeError, ["net must be a helpers.nn.MLP"]),
    ("NetworkStepper granularity", lambda: widget("network_stepper.NetworkStepper")(NET, [0.1, 0.2], [0.5, 0.5],
                                                                                   granularity="epoch"),
     ValueError, ["granularity must be one of"]),
    ("NetworkStepper lr", lambda: widget("network_stepper.NetworkStepper")(NET, [0.1, 0.2], [0.5, 0.5], lr=-1),
     ValueError, ["lr", "> 0"]),
    ("GraphStepper root", lambda: widget("graph_stepper.GraphStepper")(3.0), TypeError,
     ["root must be a helpers.autograd.Value"]),
    ("NeuronExplorer x", lambda: widget("neuron_explorer.NeuronExplorer")(x=10), ValueError, ["x must be a number from -3 to 3"]),
    ("NeuronExplorer lr", lambda: widget("neuron_explorer.NeuronExplorer")(lr="2"), TypeError, ["lr must be a number"]),
    ("ActivationExplorer name", lambda: widget("activation_explorer.ActivationExplorer")("swish"), ValueError,
     ["name must be one of"]),
    ("ActivationExplorer scale", lambda: widget("activation_explorer.ActivationExplorer")("tanh", 0.0), ValueError,
     ["scale must be a number from 0.1 to 10"]),
    ("TrainingDashboard session", lambda: widget("dashboard.TrainingDashboard")(session="s"), TypeError,
     ["session must be a TrainingSession"]),
    ("TrainingDashboard setting", lambda: widget("dashboard.TrainingDashboard")(lr=-1), ValueError, ["lr", "> 0"]),
]


def test_the_table_is_large_and_names_are_unique():
    names = [c[0] for c in CASES]
    assert len(names) >= 150, len(names)
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]


@pytest.mark.parametrize("name, call, error, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_a_clear_error(name, call, error, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # no NumPy warning on the way to the error
        with pytest.raises(error) as info:
            call()
    message = str(info.value)
    missing = [w for w in words if w not in message]
    assert not missing, f"{name}: the message {message!r} lacks {missing}"
