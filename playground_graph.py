"""playground_graph.py: one point's computation graph through the network, labelled.

What the playground's "show a point's graph" draws: the point's inputs, every weight, bias and
hidden output, its scores and its own term of the loss, built on a copy of the network so the
real parameters and their gradients stay as they are.
"""
import copy

import nn
from engine import Value


def point_term(model, x, label, n_classes):
    """(term, what it says): the loss term of the point x of class label, backward done.

    Values are labelled x0, x1, w<layer>.<neuron>.<input>, b<layer>.<neuron>, and
    h<layer>.<neuron> for a neuron's output.
    """
    net = copy.deepcopy(model)
    h = [Value(v, f"x{i}") for i, v in enumerate(x)]
    for li, layer in enumerate(net.layers, 1):
        outs = []
        for ni, neuron in enumerate(layer.neurons, 1):
            for wi, w in enumerate(neuron.w, 1):
                w.label = f"w{li}.{ni}.{wi}"
            neuron.b.label = f"b{li}.{ni}"
            out = neuron(h)
            out.label = f"h{li}.{ni}"
            outs.append(out)
        h = outs
    if n_classes == 2:
        score = h[0]
        score.label = "score"
        term = (1 - label * score).relu()  # this point's part of the hinge loss (times n)
        term.label = "hinge term"
        said = f"score {score.data:.4f}, hinge term max(0, 1 - y·score) = {term.data:.4f}"
    else:
        for i, s in enumerate(h):
            s.label = f"score{i}"
        term = nn.softmax_cross_entropy(h, label)  # this point's part of the mean (times n)
        term.label = "cross-entropy term"
        said = (f"scores {', '.join(f'{s.data:.3f}' for s in h)}, cross-entropy term "
                f"-log p[{label}] = {term.data:.4f}")
    term.backward()
    return term, said
