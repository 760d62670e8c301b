// The steppers' picture, equation and controls, drawn in the browser (anywidget ES module).
//
// Python (helpers/steps/state.py) computes every step once and sends it as JSON in the
// model's `data`; this module only chooses which frame to show and draws it: SVG for the
// picture, MathML for the equation (no MathJax, nothing loaded from the network).
// Next / Previous / the slider / the keys never wait for the kernel; the position is sent
// back to Python (`k`) for code that asks where the stepper is.  save_html() inlines this
// file with a small stand-in for the model, so the same code runs with no Python at all.

const SVG = "http://www.w3.org/2000/svg";
const COLORS = { pos: "#0072B2", neg: "#D55E00", hl: "#E69F00", black: "#000000", grey: "#777777" };
const FACES = { x: "#CFE3F1", z: "#EAF2F8", a: "#CFE3F1", delta: "#F7D9C6", "": "#F4F4F4" };
const PHASE_COLORS = { start: "#000000", forward: "#0072B2", loss: "#000000", backward: "#D55E00", update: "#007A5A" };
const SPEEDS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3];
const SCALES = [0.75, 0.875, 1, 1.125, 1.25, 1.5, 1.75, 2];
const FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
const GRAN_LABELS = { operation: "one operation per step", layer: "one layer per step" };

function h(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v; else if (k === "cls") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function s(tag, attrs = {}, parent = null) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

const measurer = document.createElement("canvas").getContext("2d");
function textWidth(text, px, bold = false) {
  measurer.font = `${bold ? "bold " : ""}${px}px ${FONT}`;
  return measurer.measureText(text).width;
}

// A step touches only what changed: an attribute or a text written with its old value would
// still make the browser style, lay out and paint that element again.
function attr(e, name, value) {
  const v = String(value);
  if (e.getAttribute(name) !== v) e.setAttribute(name, v);
}
function text(e, value) {
  if (e.textContent !== value) e.textContent = value;
}

// the point at t (0 to 1) of the quadratic curve from (x0, y0) to (x1, y1) through control point (cx, cy)
function curveAt(t, x0, y0, cx, cy, x1, y1) {
  return [(1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t * t * x1, (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t * t * y1];
}

// f() once the page is idle, or after 50 ms at the latest: a browser may give the page no idle
// time between two presses (headless Chromium often did; see benchmarks/README.md)
function whenIdle(f) {
  if (window.requestIdleCallback) requestIdleCallback(f, { timeout: 50 });
  else setTimeout(f, 20);
}

function overlaps(a, b, pad = 1) {
  return a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad;
}

// ------------------------------------------------------------------------------- the widget
let uidCounter = 0;

// How the browser really sets SVG text of size px, against the canvas measure: measured once per
// layout (getBBox forces a layout, so it must not run on every step).
function calibrate(svg, px) {
  const probe = document.createElementNS(SVG, "text");
  probe.setAttribute("font-size", px);
  probe.textContent = "−0.0003159×10⁻⁵ E=t";
  svg.append(probe);
  const bb = probe.getBBox();
  probe.remove();
  const w = textWidth(probe.textContent, px);
  return { k: w > 0 && bb.width > 0 ? Math.max(1, bb.width / w) : 1.05, h: Math.max(bb.height, 1.2 * px) };
}

function render({ model, el }) {
  const uid = `-${++uidCounter}-${Math.random().toString(36).slice(2, 8)}`;   // marker ids, one set per view
  const data = model.get("data");
  const isNet = data.kind === "network";
  let gran = model.get("granularity") || data.granularity;
  let frames = data.granularities[gran].frames;
  let k = Math.max(0, Math.min(model.get("k") || 0, frames.length - 1));
  let revealed = true, timer = null, layout = null;

  // ---- the parts
  const root = h("div", { cls: "bp-stepper", tabindex: "0", role: "group",
                          "aria-label": `${isNet ? "network" : "graph"} stepper ${data.title}` });
  const btn = (name, label) => h("button", { type: "button", cls: `bp-btn bp-${name.toLowerCase()}`,
                                             "aria-label": name, title: label, text: label });
  const reset = btn("Reset", "Reset"), prev = btn("Previous", "◀ Previous"), next = btn("Next", "Next ▶");
  const play = btn("Play", "▶ Play");
  const counter = h("span", { cls: "bp-counter", "aria-live": "polite" });
  const slider = h("input", { type: "range", cls: "bp-slider", min: "0", step: "1", "aria-label": "step" });
  const jump = h("select", { cls: "bp-jump", "aria-label": "jump to" });
  const granSel = h("select", { cls: "bp-granularity", "aria-label": "granularity" });
  const speed = h("select", { cls: "bp-speed", "aria-label": "seconds per step when playing" });
  const hide = h("input", { type: "checkbox", cls: "bp-hide" });
  const reveal = btn("Reveal", "Reveal");
  const tableBox = h("input", { type: "checkbox", cls: "bp-table-toggle" });
  const wholeBox = h("input", { type: "checkbox", cls: "bp-whole" });
  const smaller = h("button", { type: "button", cls: "bp-btn bp-smaller", "aria-label": "smaller", title: "smaller", text: "A−" });
  const larger = h("button", { type: "button", cls: "bp-btn bp-larger", "aria-label": "larger", title: "larger", text: "A+" });
  for (const p of ["start", "forward", "loss", "backward", "update"]) {
    if (p in data.granularities[gran].jumps) jump.append(h("option", { value: p, text: p }));
  }
  jump.prepend(h("option", { value: "", text: "jump to…" }));
  jump.value = "";
  for (const g of Object.keys(data.granularities)) granSel.append(h("option", { value: g, text: GRAN_LABELS[g] }));
  for (const v of SPEEDS) speed.append(h("option", { value: String(v), text: `${v} s/step` }));

  const row1 = h("div", { cls: "bp-toolbar" }, [reset, prev, next, play, counter, slider, smaller, larger]);
  const opts = [jump];
  if (isNet) opts.push(granSel);
  opts.push(speed, h("label", { cls: "bp-check", title: "show ? for each new value until Next or Reveal" }, [hide, " hide new values"]), reveal);
  if (isNet) opts.push(h("label", { cls: "bp-check" }, [tableBox, " table"]));
  // in a window on a wide graph: the step's other nodes that lie outside it, named, with the way to them
  const offHint = h("span", { cls: "bp-off-hint", title: "this step's other nodes, outside the window (whole graph shows them)" });
  if (data.follow) opts.push(h("label", { cls: "bp-check", title: "show the whole graph, smaller" }, [wholeBox, " whole graph"]), offHint);
  const row2 = h("div", { cls: "bp-toolbar bp-options" }, opts);
  const svg = s("svg", { class: "bp-diagram", role: "img" });
  const svgTitle = s("title", {}, svg);
  const table = h("div", { cls: "bp-table", "aria-label": "values computed so far" });
  // the network's faint edges live in a layer of their own under the picture: a step repaints
  // the picture (neurons, labels, the few edges it highlights), not the hundreds of edges
  const back = s("svg", { class: "bp-edges-layer", "aria-hidden": "true" });
  const picture = h("div", { cls: "bp-picture" }, [back, svg]);
  const main = h("div", { cls: "bp-main" }, [picture, table]);
  // the equations of the steps shown so far and of those next to them, one over the other (see eqBlock);
  // the shown one has class bp-eq-now
  const equation = h("div", { cls: "bp-equation", "aria-live": "polite" });
  // the legend and the equation; the table goes beside them when the picture has no room for it
  const words = h("div", { cls: "bp-words" });
  const lower = h("div", { cls: "bp-lower" }, [words]);
  const parts = [row1, row2, main, lower];
  if (isNet) {
    const legend = h("div", { cls: "bp-legend" });
    for (const [face, text, ring] of [[FACES.x, "input x / activation a"], [FACES.z, "weighted input z"],
                                      [FACES.delta, "error signal δ"], ["#ffffff", "this step", true]]) {
      legend.append(h("span", { cls: "bp-key" }, [
        h("span", { cls: "bp-swatch", style: `background:${face};border-color:${ring ? COLORS.hl : "#000"};` +
                                           `border-width:${ring ? 3 : 1}px` }), text]));
    }
    words.append(legend);
  }
  words.append(equation);
  for (const p of parts) root.append(p);
  el.append(root);

  // ---- options from the model
  let sizeShown = null;                              // the size on screen (see computeLayout)
  function scale() { return sizeShown || model.get("scale") || 1; }
  function interval() { return model.get("interval") || 1; }
  speed.value = String(SPEEDS.reduce((a, b) => Math.abs(b - interval()) < Math.abs(a - interval()) ? b : a));
  hide.checked = !!model.get("hide_new");
  tableBox.checked = !!model.get("show_table");
  granSel.value = gran;

  function send(name, value) {
    model.set(name, value);
    model.save_changes();
  }

  // ---- layout: sizes in pixels, computed when the width, the size or the options change
  function px(n) { return Math.round(n * scale() * 10) / 10; }

  // The size shown is the one asked for (`scale`, A− / A+) when the whole stepper fits the view
  // at it: no taller than the view, and (network) its labels at full size, never shrunk to fit
  // the width. Otherwise it is the largest smaller size that fits, and A+ is greyed out: a larger
  // size would push the picture, the equation or the buttons off the screen. Each size shown is
  // thus everything at that size, and a larger one is larger everywhere (labels included). When
  // no size fits (a wide network on a small screen), it is the size asked for, as large as asked.
  function computeLayout() {
    clearEquations();                                // (before the sizes are tried: kept equations would be laid out at each)
    const want = model.get("scale") || 1;
    const sizes = [want, ...SCALES.filter(v => v < want - 1e-9).reverse()];
    const up = SCALES.find(v => v > want + 1e-9);
    const upFits = up !== undefined && tryLayout(up);              // can A+ go on? (tried first: the last try is the one kept)
    const pick = sizes.find(v => tryLayout(v)) ?? sizes[0];   // none fits (a big network on a small screen): the size asked for
    if (sizeShown !== pick) tryLayout(pick);
    const canGrow = upFits && pick === sizes[0];
    larger.disabled = !canGrow;
    larger.title = canGrow || up === undefined ? "larger" : "largest size that fits this window" +
      (root.closest(".jp-Notebook") ? " (Ctrl+B hides the file browser)" : "");
    smaller.disabled = pick <= SCALES[0];
    buildPicture();
  }

  // lay out at size v; true if the stepper fits the view at it
  const tableWidths = new Map();
  function tryLayout(v) {
    sizeShown = v;
    root.style.setProperty("--bp-scale", v);
    const showTable = isNet && tableBox.checked;
    table.style.display = showTable ? "" : "none";
    reveal.style.display = hide.checked ? "" : "none";     // only of use when new values are hidden (and its room keeps the options on one line)
    const full = Math.max(320, root.clientWidth - 4);
    let width = full, beside = false;
    if (showTable) {
      // the table beside the picture if the picture keeps its full size there, else beside the
      // legend and the equation; either way as wide as its widest row, scrolled, never pushing
      // the picture down
      buildTable();
      if (!tableWidths.has(v)) {
        Object.assign(table.style, { width: "max-content", height: "", maxHeight: "" });
        tableWidths.set(v, Math.ceil(table.offsetWidth) + 18);      // and a scroll bar
      }
      const tw = tableWidths.get(v);
      table.style.width = `${tw}px`;
      beside = isNet && full - tw - 12 >= netMetrics().need;
      if (beside) width = full - tw - 12;
      (beside ? main : lower).append(table);
    }
    // the equation block is as tall as the tallest step's, so nothing below it moves either
    const [tallest, eqFit] = measureEquations(v);
    equation.style.setProperty("--bp-eq-fit", eqFit);
    equation.style.minHeight = `${tallest}px`;
    // the counter as wide as its widest text, so the toolbar never wraps differently on a step
    let cw = 0;
    for (const g of Object.values(data.granularities)) for (const f of g.frames) cw = Math.max(cw, textWidth(f.counter + " · ?", px(18), true));
    counter.style.minWidth = `${Math.ceil(cw * 1.08 + 4)}px`;
    offHint.style.minWidth = "";
    if (data.follow && !wholeBox.checked) {          // room for the longest note, so the options never wrap differently
      let hw = 0;
      for (const f of frames) {
        const o = (f.focus || []).filter(i => i !== f.current);
        for (const t of [offText(o, []), offText([], o), offText(o.slice(0, 1), o.slice(1))]) hw = Math.max(hw, textWidth(t, px(16), true));
      }
      offHint.style.minWidth = `${Math.ceil(hw * 1.08 + 4)}px`;
    }
    if (showTable && !beside) table.style.height = `${Math.max(words.offsetHeight, Math.round(5 * 1.6 * 15 * v))}px`;
    // the picture takes the height that is left in the view (a table beside it does not count)
    if (beside) table.style.display = "none";
    const fixed = root.offsetHeight - svg.getBoundingClientRect().height;
    if (beside) table.style.display = "";
    const avail = viewHeight() - fixed - 12;
    layout = isNet ? netLayout(width, avail) : graphLayout(width, avail);
    for (const e of [svg, back]) {
      e.setAttribute("width", layout.width);
      e.setAttribute("height", layout.height);
      e.setAttribute("viewBox", `0 0 ${layout.vw} ${layout.vh}`);
    }
    back.style.display = isNet ? "" : "none";
    if (beside) table.style.height = `${layout.height}px`;
    return layout.height <= avail + 0.5 && (!isNet || (layout.vw <= width + 0.5 && labelsClear()));
  }

  // every step's edge labels placed on this layout as the step places them: true if none covers
  // a neuron, a target or another label (a tight picture may leave a fan of labels no room)
  function labelsClear() {
    buildPicture();
    const pills = pillBoxes();
    let clear = true;
    for (const fr of frames) {
      for (const hid of hide.checked ? [false, true] : [false]) {
        drawNet(fr, hid);
        const targets = targetBoxes();
        const boxes = pic.labelPool.filter(p => p.g.style.display !== "none").map(({ rect }) =>
          ({ x: +rect.getAttribute("x"), y: +rect.getAttribute("y"), w: +rect.getAttribute("width"), h: +rect.getAttribute("height") }));
        boxes.forEach((b, i) => {
          if (pills.some(o => overlaps(b, o, 0)) || targets.some(o => overlaps(b, o, 0)) || boxes.slice(i + 1).some(o => overlaps(b, o, 0))) clear = false;
        });
        if (!clear) break;
      }
      if (!clear) break;
    }
    pic.labelKey = null;
    return clear;
  }

  // [the tallest step's equation height, the type's shrink factor] at size v and this width.
  // Every step's equation is set at once in a hidden copy of the equation block: one layout
  // for all of them (filling the block step by step would force a layout per step).
  const eqSizes = new Map();
  function measureEquations(v) {
    const key = [gran, hide.checked, v, equation.clientWidth].join("|");
    if (eqSizes.has(key)) return eqSizes.get(key);
    const box = h("div", { cls: "bp-equation-probe", "aria-hidden": "true" });
    box.style.cssText = `position:absolute;left:0;top:0;visibility:hidden;width:${equation.clientWidth}px`;
    const blocks = [];
    for (const f of frames) {
      for (const hid of hide.checked ? [false, true] : [false]) blocks.push(equationBlock(f, hid, "bp-equation"));
    }
    box.append(...blocks);
    words.append(box);
    // a line breaks only between terms, so at a large size the widest term sets a limit: the
    // equation's type shrinks just enough for it to fit (never at the first sizes)
    const read = () => {
      let tallest = 0, widest = 0;
      for (const b of blocks) {
        tallest = Math.max(tallest, b.offsetHeight);
        for (const m of b.getElementsByTagName("math")) widest = Math.max(widest, m.getBoundingClientRect().width);
      }
      return [tallest, widest];
    };
    box.style.setProperty("--bp-eq-fit", 1);
    let [tallest, widest] = read(), fit = 1;
    const room = equation.clientWidth - 2;
    if (widest > room) {
      fit = Math.floor(100 * room / widest) / 100;
      box.style.setProperty("--bp-eq-fit", fit);
      tallest = read()[0];
    }
    box.remove();
    eqSizes.set(key, [tallest, fit]);
    return [tallest, fit];
  }

  // the height of what scrolls the stepper (JupyterLab's notebook panel, else the window)
  function viewHeight() {
    const lab = root.closest(".jp-WindowedPanel-outer, .jp-LinkedOutputView, .jp-Notebook, .jp-OutputArea-output");
    const panel = lab && lab.closest(".jp-WindowedPanel-outer, .jp-LinkedOutputView, .jp-Notebook");
    if (panel && panel.clientHeight > 200) return Math.min(panel.clientHeight, window.innerHeight);
    for (let e = root.parentElement; e && e !== document.body; e = e.parentElement) {
      const oy = getComputedStyle(e).overflowY;
      if ((oy === "auto" || oy === "scroll") && e.scrollHeight > e.clientHeight + 1 && e.clientHeight > 200)
        return Math.min(e.clientHeight, window.innerHeight);
    }
    return window.innerHeight;
  }

  // ---- the network picture
  // widths that do not depend on the page: neurons, targets, the longest edge label
  const metrics = new Map();
  function netMetrics() {
    if (!metrics.has(px(14))) metrics.set(px(14), netMetricsAt());
    return metrics.get(px(14));
  }
  // each layer's pills as wide as that layer's widest value, and each gap between two layers as
  // wide as the widest label its edges carry: the picture is no wider than its numbers need
  function netMetricsAt() {
    const f = px(14), fl = px(14);
    const L = data.sizes.length - 1;
    const tw = data.sizes.map(() => textWidth("?", f)), labelW = tw.slice(1).map(() => 0);
    const fanIn = labelW.map(() => 0), fanOut = labelW.map(() => 0);   // most labels on one step into / out of one neuron
    let targetW = 0;
    for (const g of Object.values(data.granularities)) {
      for (const fr of g.frames) {
        fr.nodes.forEach(([, text], i) => { const l = data.neurons[i][0]; tw[l] = Math.max(tw[l], textWidth(text, f)); });
        for (const t of fr.targets) targetW = Math.max(targetW, textWidth(t[0], f, true), textWidth(t[1] || "E=?", f, true));
        const ins = {}, outs = {};
        for (const lb of fr.labels) {
          const [l, j, kk] = data.edges[lb[0]];
          labelW[l - 1] = Math.max(labelW[l - 1], textWidth(lb[1], fl));
          fanIn[l - 1] = Math.max(fanIn[l - 1], ins[j] = (ins[j] || 0) + 1);
          fanOut[l - 1] = Math.max(fanOut[l - 1], outs[kk] = (outs[kk] || 0) + 1);
        }
      }
    }
    const pws = tw.map(w => Math.ceil(w + 0.8 * f));
    const gaps = labelW.map((w, l) => pws[l] / 2 + w + 14 + pws[l + 1] / 2);     // centre to centre
    const left = pws[0] / 2 + 3, right = targetW + pws[L] / 2 + 12;
    return { f, fl, pws, gaps, labelW, fanIn, fanOut, left, right, need: left + right + gaps.reduce((a, b) => a + b, 0) };
  }

  function netLayout(width, avail) {
    const { f, fl, pws, gaps, labelW, fanIn, fanOut, left, need } = netMetrics();
    // too narrow for the labels at this size (A+ on a small page): lay out wide enough and
    // let the whole picture scale down together, rather than let labels collide
    const vw = Math.max(width, Math.ceil(need)), fit = width / vw;
    const L = data.sizes.length - 1, nmax = Math.max(...data.sizes);
    const ph = Math.ceil(1.6 * f);
    const top = Math.ceil(1.75 * fl);                // the layers' names
    // a row holds a neuron; beside each output, its two target lines (t=…, E=…) need a taller
    // row, which the output layer (often the smallest) gets without spreading out the others
    const row = ph + Math.max(6, 0.25 * ph), outRow = Math.max(row, data.sizes[L] > 1 ? 2.55 * f : 0);
    const minH = top + 6 + Math.max(nmax * row, data.sizes[L] * outRow);
    const roomy = top + nmax * 4 * ph + 6;           // a small network needs no more than this
    const vh = Math.round(Math.max(minH, Math.min(avail / fit, roomy, 620 * scale())));
    const dy = (vh - top - 6) / nmax, mid = top + (vh - top - 6) / 2;
    // a layer with fewer neurons spreads them out a little more: a fan of labels on the edges
    // between two layers finds room near its spread-out end
    const steps = data.sizes.map((n, l) => Math.min((vh - top - 6) / n, Math.max(l === L ? outRow : 0, 1.5 * dy)));
    // a fan of labels (many edges into one neuron, or out of one) stacks them where its edges
    // are far enough apart for a label's height, which takes a long enough edge: room to spare
    // goes first to the gaps whose fans need it, then to all gaps alike
    const lh = 1.25 * fl + 4;
    const more = gaps.map((g, l) => {
      let len = 0;
      for (const [count, sp] of [[fanIn[l], steps[l]], [fanOut[l], steps[l + 1]]]) {
        if (count > 2 && sp > lh) len = Math.max(len, (1.05 * labelW[l] + 8) / 2 / (1 - lh / sp));
      }
      return Math.max(0, len + (pws[l] + pws[l + 1]) / 2 - g);
    });
    const spare = vw - need, wanted = more.reduce((a, b) => a + b, 0);
    const give = more.map(m => wanted > 0 ? m * Math.min(1, spare / wanted) : 0);
    const rest = (spare - give.reduce((a, b) => a + b, 0)) / L;
    const xs = [left];
    gaps.forEach((g, l) => xs.push(xs[l] + g + give[l] + rest));
    const pos = data.neurons.map(([l, j]) => [xs[l], mid + (j - (data.sizes[l] - 1) / 2) * steps[l]]);
    const pwOf = data.neurons.map(([l]) => pws[l]);   // each neuron's pill width
    return { width, height: Math.round(vh * fit * 10) / 10, vw, vh, f, fl, pw: Math.max(...pws), pwOf, ph, pos, top, L };
  }

  function edgeEnds(e) {
    const [l, j, kk] = data.edges[e];
    const a = data.neurons.findIndex(([ll, jj]) => ll === l - 1 && jj === kk);
    const b = data.neurons.findIndex(([ll, jj]) => ll === l && jj === j);
    return [a, b];
  }

  let pic = {};
  function buildPicture() {
    while (svg.lastChild !== svgTitle) svg.lastChild.remove();
    back.replaceChildren();
    pic = { labelPool: [], labelKey: null };
    svg.style.fontFamily = FONT;
    if (isNet) buildNet(); else buildGraph();
  }

  function buildNet() {
    const { pos, pwOf, ph, f, fl } = layout;
    const gEdges = s("g", { class: "bp-edges" }, back);
    pic.top = s("g", { class: "bp-edges bp-edges-top" }, svg);
    pic.edgeEnds = data.edges.map((_, e) => edgeEnds(e));
    pic.ends = pic.edgeEnds.map(([a, b]) => ({ x1: pos[a][0] + pwOf[a] / 2, y1: pos[a][1], x2: pos[b][0] - pwOf[b] / 2, y2: pos[b][1] }));
    pic.edges = pic.ends.map((xy, e) => s("line", { ...xy, "stroke-linecap": "round", class: "bp-edge", "data-edge": e }, gEdges));
    pic.hlPool = [];
    data.layer_names.forEach((name, l) => {
      const t = s("text", { x: pos[data.neurons.findIndex(([ll]) => ll === l)][0], y: 1.3 * fl,
                            "text-anchor": "middle", "font-size": fl, fill: COLORS.grey, class: "bp-label bp-layer" }, svg);
      t.textContent = name;
    });
    const gNodes = s("g", { class: "bp-nodes" }, svg);
    pic.nodes = pos.map(([x, y], i) => {
      const g = s("g", { class: "bp-node", "data-node": i }, gNodes);
      const r = s("rect", { x: x - pwOf[i] / 2, y: y - ph / 2, width: pwOf[i], height: ph, rx: ph / 2, class: "bp-pill" }, g);
      const t = s("text", { x, y, "text-anchor": "middle", "dominant-baseline": "central", "font-size": f,
                            class: "bp-label bp-value" }, g);
      return { r, t };
    });
    const L = layout.L;
    pic.targets = data.neurons.map(([l], i) => [l, i]).filter(([l]) => l === L).map(([, i]) =>
      [-1, 1].map(side => s("text", { x: pos[i][0] + pwOf[i] / 2 + 6, y: pos[i][1] + side * 0.66 * f,
                                      "dominant-baseline": "central", "font-size": f, class: "bp-label bp-target" }, svg)));
    pic.labels = s("g", { class: "bp-edge-labels" }, svg);
    pic.cal = calibrate(svg, fl);
    pic.calT = calibrate(svg, layout.f);
    pic.edgeState = [];
  }

  function drawNet(fr, hidden) {
    const { pos, pw, ph, fl } = layout;
    const written = new Set(fr.written), read = new Set(fr.read);
    fr.nodes.forEach(([kind, value], i) => {
      const { r, t } = pic.nodes[i];
      attr(r, "fill", FACES[kind]);
      const ring = written.has(i) ? [COLORS.hl, 4] : read.has(i) ? [COLORS.hl, 2.2] : [kind ? "#000" : "#BBBBBB", 1];
      attr(r, "stroke", ring[0]);
      attr(r, "stroke-width", ring[1]);
      text(t, hidden && written.has(i) ? "?" : value);
    });
    const maxW = Math.max(...fr.weights.map(Math.abs)) || 1;
    const start = fr.phase === "start";
    const width = (e) => (0.6 + 3 * Math.abs(fr.weights[e]) / maxW).toFixed(2);
    const version = weightsVersion(fr), edgesKey = version === null ? null : `${gran}|${version}|${start}`;
    if (edgesKey === null || pic.edgesKey !== edgesKey) fr.weights.forEach((w, e) => {   // the faint layer: changes only when weights do
      const state = `${w >= 0}|${width(e)}|${start ? 0.55 : 0.22}`;
      if (pic.edgeState[e] === state) return;
      pic.edgeState[e] = state;
      const [sign, sw, opacity] = state.split("|");
      const line = pic.edges[e];
      line.setAttribute("stroke", sign === "true" ? COLORS.pos : COLORS.neg);
      line.setAttribute("stroke-width", sw);
      line.setAttribute("stroke-opacity", opacity);
    });
    pic.edgesKey = edgesKey;
    // the edges this step reads or writes, drawn over it in full colour (a pool of lines)
    fr.hl.forEach((e, i) => {
      if (!pic.hlPool[i]) pic.hlPool[i] = s("line", { "stroke-linecap": "round", class: "bp-edge bp-hl" }, pic.top);
      const line = pic.hlPool[i];
      if (line.style.display) line.style.display = "";
      attr(line, "data-edge", e);
      for (const [name, v] of Object.entries(pic.ends[e])) attr(line, name, v);
      attr(line, "stroke", fr.weights[e] >= 0 ? COLORS.pos : COLORS.neg);
      attr(line, "stroke-width", (+width(e) + 1.6).toFixed(2));
    });
    for (let i = fr.hl.length; i < pic.hlPool.length; i++) if (pic.hlPool[i].style.display !== "none") pic.hlPool[i].style.display = "none";
    fr.targets.forEach(([t, E, on, isNew], j) => {
      const [top, bottom] = pic.targets[j];
      text(top, t);
      text(bottom, E ? (hidden && isNew ? "E=?" : E) : "");
      for (const el of [top, bottom]) {
        attr(el, "fill", on ? "#B25E00" : "#000");
        attr(el, "font-weight", on ? "bold" : "normal");
      }
    });
    const around = pic.targets.flat().map(t => t.textContent + t.getAttribute("font-weight")).join("|");
    drawLabels(fr.labels.map(([e, value, kind, isNew]) => [e, hidden && isNew ? "?" : value, kind]),
               () => placeNetLabels(fr, hidden), around);
  }

  // frames with the same weights as the frame before them share its number: most steps leave
  // the weights alone, and then the hundreds of faint edges need not even be looked at
  const weightsVersions = new WeakMap();
  function weightsVersion(fr) {
    if (!weightsVersions.has(fr)) {
      let version = 0, before = null;
      for (const f of frames) {
        if (before && (f.weights.length !== before.length || f.weights.some((w, e) => w !== before[e]))) version++;
        weightsVersions.set(f, version);
        before = f.weights;
      }
      if (!weightsVersions.has(fr)) return null;
    }
    return weightsVersions.get(fr);
  }

  // edge labels from a pool of <g><rect/><text/></g>: reused, and only what changed is written
  function drawLabels(items, place, around = "") {
    const key = around + ";" + items.map(it => it.join("|")).join(";");
    if (pic.labelKey === key) return;
    pic.labelKey = key;
    const boxes = place();
    const pool = pic.labelPool;
    items.forEach(([e, shown, kind], i) => {
      if (!pool[i]) {
        const g = s("g", { class: "bp-edge-label" }, pic.labels);
        const rect = s("rect", { rx: 3, fill: "#ffffff", "fill-opacity": 0.92, "stroke-width": 1, class: "bp-label-box" }, g);
        const t = s("text", { "text-anchor": "middle", "dominant-baseline": "central", "font-size": boxes.fl,
                              class: "bp-label" }, g);
        pool[i] = { g, rect, t };
      }
      const { g, rect, t } = pool[i], b = boxes.at[i];
      if (g.style.display) g.style.display = "";
      attr(g, "data-edge", e);
      attr(rect, "stroke", isNet ? (kind === "dw" ? COLORS.neg : "#999") : "none");
      attr(t, "fill", !isNet || kind === "dw" ? "#B03A00" : "#000");
      for (const [k_, v] of Object.entries({ x: b.x, y: b.y, width: b.w, height: b.h })) attr(rect, k_, v);
      attr(t, "x", b.x + b.w / 2);
      attr(t, "y", b.y + b.h / 2);
      text(t, shown);
    });
    for (let i = items.length; i < pool.length; i++) if (pool[i].g.style.display !== "none") pool[i].g.style.display = "none";
  }

  // the neurons' pills, and the output targets' texts shown (t=…, E=…), as boxes
  function pillBoxes() {
    return pic.nodes.map(({ r }) => ({ x: +r.getAttribute("x"), y: +r.getAttribute("y"), w: +r.getAttribute("width"), h: layout.ph }));
  }
  function targetBoxes() {
    return pic.targets.flat().filter(t => t.textContent).map(t => ({
      x: +t.getAttribute("x"), y: +t.getAttribute("y") - pic.calT.h / 2,
      w: textWidth(t.textContent, layout.f, t.getAttribute("font-weight") === "bold") * pic.calT.k, h: pic.calT.h }));
  }

  // where each edge label goes: covering no neuron, no target and no other label
  function placeNetLabels(fr, hidden) {
    const { fl } = layout;
    const at = [];
    const taken = pillBoxes();
    for (const b of targetBoxes()) taken.push({ x: b.x - 1, y: b.y - 1, w: b.w + 2, h: b.h + 2 });
    taken.push({ x: 0, y: 0, w: layout.vw, h: layout.top - 2 });
    // where along its edge a label goes: near the spread-out end of a fan (many sources into
    // one neuron: near the sources; one source out to many: near the targets), else mid-way
    const srcs = new Set(fr.labels.map(([e]) => pic.edgeEnds[e][0])), dsts = new Set(fr.labels.map(([e]) => pic.edgeEnds[e][1]));
    const pref = dsts.size === 1 && srcs.size > 1 ? 0.3 : srcs.size === 1 && dsts.size > 1 ? 0.7 : 0.5;
    const tries = [];
    for (let t = 0.1; t <= 0.9001; t += 0.02) tries.push(t);
    tries.sort((a, b) => Math.abs(a - pref) - Math.abs(b - pref));
    for (const [e, value, , isNew] of fr.labels) {
      const shown = hidden && isNew ? "?" : value;
      const { x1: x0, y1: y0, x2: x1, y2: y1 } = pic.ends[e];      // the edge as drawn (pills differ in width)
      const w = textWidth(shown, fl) * pic.cal.k + 6, hh = pic.cal.h + 2;   // as the browser sets it
      let best = null;
      for (const dy of [0, -0.4 * hh, 0.4 * hh, -0.75 * hh, 0.75 * hh, -1.2 * hh, 1.2 * hh]) {   // on its edge: centred, or nudged so the edge runs through or near its rim
        for (const tt of tries) {
          const box = { x: x0 + tt * (x1 - x0) - w / 2, y: y0 + tt * (y1 - y0) - hh / 2 + dy, w, h: hh };
          const bad = taken.filter(o => overlaps(box, o, 0.5)).length;
          if (!best || bad < best.bad) best = { box, bad };
          if (!bad) break;
        }
        if (!best.bad) break;
      }
      taken.push(best.box);
      at.push(best.box);
    }
    return { at, fl };
  }

  // ---- the graph picture
  // an edge that would cross another box bends around it (a quadratic curve through its control
  // point [cx, cy]): its middle moved up or down, or (a long edge, like notebook 11's shared
  // weights reaching every time step) running level with one end and turning into the other near
  // it, which needs no room beyond the rows; and the room above and below the boxes that the
  // bent edges need
  function graphBends(pos, bw, bh, uy, pitch) {
    const bends = data.edges.map(([a, b]) => {
      const x0 = pos[a][0] + bw / 2, y0 = pos[a][1], x1 = pos[b][0] - bw / 2, y1 = pos[b][1];
      const mid = (off) => [(x0 + x1) / 2, (y0 + y1) / 2 - off * uy];
      const level = [[x1 - Math.min(bw, (x1 - x0) / 3), y0], [x0 + Math.min(bw, (x1 - x0) / 3), y1]];
      const long = x1 - x0 + bw > 2.5 * pitch;                      // three columns or more
      const bent = [0.6, -0.6, 0.85, -0.85, 1.1, -1.1, 1.4, -1.4, 1.8, -1.8].map(mid);
      for (const [cx, cy] of [mid(0), ...(long ? [...level, ...bent] : [...bent, ...level])]) {   // a long edge runs level first
        let clear = true;
        for (let i = 1; i < 48 && clear; i++) {
          const [x, y] = curveAt(i / 48, x0, y0, cx, cy, x1, y1);
          clear = pos.every(([px_, py], n) => n === a || n === b || Math.abs(x - px_) > bw / 2 + 6 || Math.abs(y - py) > bh / 2 + 6);
        }
        if (clear) return [cx, cy];
      }
      return mid(1.1);
    });
    let over = 0, under = 0;
    const boxTop = Math.min(...pos.map(p => p[1])) - bh / 2, boxBottom = Math.max(...pos.map(p => p[1])) + bh / 2;
    data.edges.forEach(([a, b], e) => {
      const y = curveAt(0.5, 0, pos[a][1], 0, bends[e][1], 0, pos[b][1])[1];     // a curve's extreme: half-way
      over = Math.max(over, boxTop - y + 6);
      under = Math.max(under, y - boxBottom + 6);
    });
    return { bends, over, under };
  }

  function graphLayout(width, avail) {
    const f = px(14), fb = px(15);
    // a graph that follows the step is limited by its height, not its width: its boxes write
    // the gradient on one line ("∂E/∂w = 0.06151"), three lines in all instead of four
    const lines = data.follow ? 3 : 4;
    let bw = 0;
    data.nodes.forEach((n, i) => {
      bw = Math.max(bw, textWidth(n.heading, fb, true));
      for (const g of Object.values(data.granularities)) for (const fr of g.frames) {
        const [gl, gv] = (fr.grads[i] || " = ").split(" = ");
        bw = Math.max(bw, textWidth(fr.values[i] || "?", f), ...(lines === 3 ? [textWidth(`${gl} = ${gv}`, f)]
                                                                       : [textWidth(gl + " =", f), textWidth(gv, f)]));
      }
    });
    bw = Math.ceil(bw + 12);
    const bh = Math.ceil(lines * 1.3 * f + 10);
    const labelW = textWidth("−0.0000", px(14)) + 14;
    const xs = data.pos.map(p => p[0]), ys = data.pos.map(p => p[1]);
    const minX = Math.min(...xs), maxY = Math.max(...ys);
    const spanX = Math.max(...xs) - minX, spanY = maxY - Math.min(...ys);
    const colGap = Math.min(...xs.map(a => xs.map(b => Math.abs(a - b)).filter(d => d > 1e-9)).flat(), 1.35);
    // pixels per layout unit, across and down: boxes never touch, and the picture is as
    // wide as the page when there is room
    let ux = (bw + labelW) / colGap;
    // a graph too wide to read at this size (notebook 11's unrolled one) shows a window of whole
    // columns at this size that follows the step (``win``), unless "whole graph" is ticked
    const follow = !!data.follow && !wholeBox.checked && spanX * ux + bw + 8 > width;
    let cols = 0;
    if (follow) {
      cols = Math.max(1, Math.floor((width - bw - 8) / (ux * colGap)));
      ux = Math.max(ux, (width - bw - 8) / (cols * colGap));     // (never closer than readable)
    } else if (spanX > 0) ux = Math.max(ux, Math.min((width - bw - 10) / spanX, 1.8 * ux));
    // down: rows 1 apart, or closer where two boxes do not share a column (then as close as they may)
    let uy = bh + 18;
    data.pos.forEach(([xa, ya], i) => data.pos.forEach(([xb, yb], j) => {
      if (j > i && Math.abs(xa - xb) * ux < bw + 8 && Math.abs(ya - yb) > 1e-9) uy = Math.max(uy, (bh + 10) / Math.abs(ya - yb));
    }));
    let pos = data.pos.map(([x, y]) => [(x - minX) * ux + bw / 2 + 4, (maxY - y) * uy + bh / 2 + 4]);
    const { bends, over, under } = graphBends(pos, bw, bh, uy, ux * colGap);
    pos = pos.map(([x, y]) => [x, y + over]);
    const controls = bends.map(([cx, cy]) => [cx, cy + over]);
    const fullW = spanX * ux + bw + 8, vh = spanY * uy + bh + 8 + over + under;
    const vw = follow ? Math.min(fullW, cols * colGap * ux + bw + 8) : fullW;
    const fit = vw > width ? width / vw : 1;      // too wide for the page: everything scales down together
    const win = follow ? { fullW, pitch: ux * colGap, cols, x0: 0 } : null;
    void avail;
    return { width: vw * fit, height: vh * fit, vw, vh, f, fb, bw, bh, pos, u: uy, bends: controls, win, lines };
  }

  function buildGraph() {
    const { pos, bw, bh, f, fb } = layout;
    const gEdges = s("g", { class: "bp-edges" }, svg);
    const defs = s("defs", {}, svg);
    for (const [id, color] of [["bp-arrow", "#888"], ["bp-arrow-hl", COLORS.hl]]) {
      const m = s("marker", { id: id + uid, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
                              orient: "auto-start-reverse" }, defs);
      s("path", { d: "M0,0 L10,5 L0,10 z", fill: color }, m);
    }
    pic.paths = data.edges.map(([a, b], e) => {
      const x0 = pos[a][0] + bw / 2, y0 = pos[a][1], x1 = pos[b][0] - bw / 2, y1 = pos[b][1];
      const [cx, cy] = layout.bends[e];
      const p = s("path", { d: `M${x0},${y0} Q${cx},${cy} ${x1},${y1}`, fill: "none", class: "bp-edge",
                            "data-edge": e, "data-from": data.names[a], "data-to": data.names[b] }, gEdges);
      p._geom = [x0, y0, cx, cy, x1, y1];
      return p;
    });
    pic.boxes = pos.map(([x, y], i) => {
      const g = s("g", { class: "bp-node", "data-node": i, "data-name": data.names[i] }, svg);
      const r = s("rect", { x: x - bw / 2, y: y - bh / 2, width: bw, height: bh, rx: 8, class: "bp-pill" }, g);
      const dy = layout.lines === 3 ? [-1.3 * f, 0, 1.3 * f, 1.3 * f] : [-1.95 * f, -0.65 * f, 0.65 * f, 1.95 * f];
      const t1 = s("text", { x, y: y + dy[0], "text-anchor": "middle", "dominant-baseline": "central",
                             "font-size": fb, "font-weight": "bold", class: "bp-label bp-heading-text" }, g);
      t1.textContent = data.nodes[i].heading;
      const t2 = s("text", { x, y: y + dy[1], "text-anchor": "middle", "dominant-baseline": "central", "font-size": f,
                             fill: COLORS.pos, class: "bp-label bp-value" }, g);
      const t3 = s("text", { x, y: y + dy[2], "text-anchor": "middle", "dominant-baseline": "central",
                             "font-size": f, fill: "#B03A00", class: "bp-label bp-grad" }, g);
      const t4 = s("text", { x, y: y + dy[3], "text-anchor": "middle", "dominant-baseline": "central",
                             "font-size": f, fill: "#B03A00", class: "bp-label bp-grad" }, g);
      return { g, r, t2, t3, t4 };
    });
    pic.labels = s("g", { class: "bp-edge-labels" }, svg);
    pic.cal = calibrate(svg, px(14));
  }

  // the window's first column: it moves only when the step's nodes (fr.focus) are not all in
  // view, and then as little as it must (a step that reaches further than the window keeps its
  // own node in view and as many of the others as fit); kept across layouts
  let winCol = 0;
  function followStep(fr) {
    const { pos, bw, vw, vh, win } = layout;
    const col = (i) => Math.round((pos[i][0] - bw / 2 - 4) / win.pitch);
    const last = Math.round((win.fullW - vw) / win.pitch);
    const focus = (fr.focus || (fr.current === null ? [] : [fr.current])).map(col);
    let j = Math.max(0, Math.min(winCol, last));
    if (focus.length) {
      const lo = Math.min(...focus), hi = Math.max(...focus), n = win.cols;
      if (lo < j || hi > j + n) {
        if (hi - lo <= n) j = lo < j ? lo : hi - n;
        else {
          const own = fr.current === null ? focus[0] : col(fr.current);
          let best = null;
          for (let c = own - n; c <= own; c++) {
            const seen = focus.filter(x => c <= x && x <= c + n).length;
            if (!best || seen > best.seen || (seen === best.seen && Math.abs(c - j) < Math.abs(best.c - j))) best = { c, seen };
          }
          j = best.c;
        }
      }
    }
    winCol = Math.max(0, Math.min(j, last));
    win.x0 = winCol * win.pitch;
    attr(svg, "viewBox", `${win.x0} 0 ${vw} ${vh}`);
    const others = (fr.focus || []).filter(i => i !== fr.current);
    text(offHint, offText(others.filter(i => pos[i][0] < win.x0), others.filter(i => pos[i][0] > win.x0 + vw)));
  }
  function offText(left, right) {
    const names = (ix) => ix.map(i => data.names[i]).join(", ");
    const parts = [left.length ? `← ${names(left)}` : "", right.length ? `${names(right)} →` : ""].filter(Boolean);
    return parts.length ? `also: ${parts.join(" · ")}` : "";
  }

  function drawGraph(fr, hidden) {
    if (layout.win) followStep(fr);
    else text(offHint, "");
    fr.values.forEach((v, i) => {
      const b = pic.boxes[i], cur = fr.current === i;
      if (b.g.classList.contains("bp-current") !== cur) b.g.classList.toggle("bp-current", cur);   // a hook for tests
      const isNew = hidden && cur;
      text(b.t2, v === null ? "?" : isNew && fr.phase === "forward" ? "?" : v);
      const [gl, gv] = fr.grads[i] === null ? ["", ""] : fr.grads[i].split(" = ");
      const gshown = isNew && fr.phase === "backward" ? "?" : gv;
      text(b.t3, gl ? (layout.lines === 3 ? `${gl} = ${gshown}` : `${gl} =`) : "");
      text(b.t4, gl && layout.lines === 4 ? gshown : "");
      attr(b.r, "fill", cur ? "#FFF4DC" : "#ffffff");
      attr(b.r, "stroke", cur ? COLORS.hl : v !== null ? "#000" : "#999");
      attr(b.r, "stroke-width", cur ? 4 : 1.5);
      attr(b.r, "stroke-dasharray", data.nodes[i].const && !cur ? "6 4" : "none");
    });
    const active = new Set(fr.active);
    pic.paths.forEach((p, e) => {
      const on = active.has(e);
      attr(p, "stroke", on ? COLORS.hl : "#888");
      attr(p, "stroke-width", on ? 3.5 : 1.6);
      attr(p, "marker-end", `url(#${on ? "bp-arrow-hl" : "bp-arrow"}${uid})`);
    });
    // in a window on a wide graph, only the labels of the edges that pass through it
    const win = layout.win, inView = (e) => {
      const [x0, , , , x1] = pic.paths[e]._geom;
      return x1 > win.x0 && x0 < win.x0 + layout.vw;
    };
    const locals = win ? fr.locals.filter(([e]) => inView(e)) : fr.locals;
    drawLabels(locals.map(([e, value]) => [e, value, "local"]), () => placeGraphLabels(locals),
               win ? String(win.x0) : "");
  }

  function placeGraphLabels(locals) {
    const { bw, bh } = layout;
    const taken = pic.boxes.map(({ r }) => ({ x: +r.getAttribute("x"), y: +r.getAttribute("y"), w: bw, h: bh }));
    const fl = px(14), at = [], win = layout.win;
    // in a window on a wide graph, a label goes where it is seen whole (a long edge runs out of it)
    const cut = (b) => win && (b.x < win.x0 + 1 || b.x + b.w > win.x0 + layout.vw - 1) ? 100 : 0;
    const along = [0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58];
    if (win) for (let t = 0.05; t < 0.96; t += 0.05) along.push(t);      // long edges: anywhere in view
    for (const [e, value] of locals) {
      const [x0, y0, cx, cy, x1, y1] = pic.paths[e]._geom;
      const w = textWidth(value, fl) * pic.cal.k + 8, hh = pic.cal.h + 3;
      let best = null;
      for (const t of along) {
        const [x, y] = curveAt(t, x0, y0, cx, cy, x1, y1);
        for (const dy of [-hh / 2 - 3, hh / 2 + 3, 0]) {
          const box = { x: x - w / 2, y: y + dy - hh / 2, w, h: hh };
          const bad = taken.filter(o => overlaps(box, o)).length + cut(box);
          if (!best || bad < best.bad) best = { box, bad };
          if (!bad) break;
        }
        if (best && !best.bad) break;
      }
      taken.push(best.box);
      at.push(best.box);
    }
    return { at, fl };
  }

  // ---- the table of values (network)
  let tableRows = [];
  function buildTable() {
    table.replaceChildren();
    tableRows = [];
    const t = h("table"), body = h("tbody");
    t.append(h("thead", {}, [h("tr", {}, [h("th", { text: "quantity" }), h("th", { text: "value" })])]));
    frames.forEach((fr, step) => {
      for (const [phase, sym, value] of fr.rows || []) {
        const tr = h("tr", { "data-step": step, title: phase, cls: `bp-row-${phase}` });
        const q = h("td");
        q.innerHTML = sym;
        tr.append(q, h("td", { cls: "bp-num", text: value }));
        body.append(tr);
        tableRows.push([step, tr]);
      }
    });
    t.append(body);
    table.append(t);
  }

  function drawTable(hidden) {
    if (!(isNet && tableBox.checked)) return;
    let last = null;
    for (const [step, tr] of tableRows) {
      const display = step <= k ? "" : "none";
      if (tr.style.display !== display) tr.style.display = display;
      const isNow = step === k, cell = tr.lastChild;
      if (cell.dataset.v === undefined) cell.dataset.v = cell.textContent;
      if (tr.classList.contains("bp-now") !== isNow) tr.classList.toggle("bp-now", isNow);
      text(cell, isNow && hidden ? "?" : cell.dataset.v);
      if (step <= k) last = tr;
    }
    if (last) {                                      // the row just computed, in view (the page does not move)
      const below = last.offsetTop + last.offsetHeight - table.clientHeight;
      if (table.scrollTop < below || table.scrollTop > last.offsetTop) table.scrollTop = Math.max(0, below);
    }
  }

  // ---- one frame
  // A step's equation is set and laid out once, when first shown or in idle time just before,
  // and then kept in the equation block, hidden (visibility keeps its layout) under the one shown:
  // a press only shows it. Setting a step's MathML afresh on each press cost a style and layout
  // of it, most of the page's own work for a step. Dropped whenever the layout is computed
  // again (size, width, granularity, hidden values, table, whole graph).
  const eqBlocks = new Map();
  let eqShown = null, warmPending = false;
  // a step's heading, equation and equation with numbers (or "?" for the new value), as the
  // equation block shows them and measureEquations measures them
  function equationBlock(f, hid, cls) {
    const sym = h("div", { cls: "bp-eq-sym" }), num = h("div", { cls: "bp-eq-num" });
    const head = h("div", { cls: "bp-heading", text: f.heading || "" });
    if (!f.heading) head.style.display = "none";
    sym.innerHTML = f.sym || "";
    if (!f.sym && !f.num && !f.heading) num.textContent = f.alt;        // a step with no equation: its words
    else num.innerHTML = f.sym || f.num ? (hid ? f.hid : f.num) : "";
    return h("div", { cls }, [head, sym, num]);
  }
  function clearEquations() {
    eqBlocks.clear();
    eqShown = null;
    equation.replaceChildren();
  }
  function eqBlock(step, hid) {
    const key = `${step}|${hid ? 1 : 0}`;
    let b = eqBlocks.get(key);
    if (!b) {
      b = equationBlock(frames[step], hid, "bp-eq-step");
      eqBlocks.set(key, b);
      equation.append(b);
    }
    return b;
  }
  function fillEquation(hidden) {
    const b = eqBlock(k, hidden);
    if (b !== eqShown) {
      if (eqShown) eqShown.classList.remove("bp-eq-now");
      b.classList.add("bp-eq-now");
      eqShown = b;
    }
    if (!warmPending) {                              // what Next, Reveal or Previous shows, ready before the press
      warmPending = true;
      whenIdle(warmEquations);
    }
  }
  function warmEquations() {
    warmPending = false;
    const hiding = hide.checked, hidden = valueHidden();
    const want = [[k - 1, hiding && k - 1 > 0], [k + 1, hiding]];
    if (hidden) want.push([k, false]);
    const before = eqBlocks.size;
    for (const [j, hid] of want) if (j >= 0 && j < frames.length) eqBlock(j, hid);
    if (eqBlocks.size > before) void equation.offsetHeight;    // the new ones' style and layout now, while the page is idle
  }

  // the step's new value shows as "?" (hide new values, not yet revealed; step 0 computes nothing)
  function valueHidden() { return hide.checked && !revealed && k > 0; }

  function draw() {
    const fr = frames[k];
    const hidden = valueHidden();
    if (isNet) drawNet(fr, hidden); else drawGraph(fr, hidden);
    fillEquation(hidden);
    const alt = hidden ? `${fr.alt.replace(/=[^=,]*(,|$)/g, "= ?$1")}` : fr.alt;
    text(svgTitle, alt);
    attr(svg, "aria-label", alt);
    text(counter, fr.counter + (hidden ? " · ?" : ""));
    counter.style.color = PHASE_COLORS[fr.phase] || "#000";
    if (slider.max !== String(frames.length - 1)) slider.max = String(frames.length - 1);
    if (slider.value !== String(k)) slider.value = String(k);
    prev.disabled = k === 0;
    next.disabled = k === frames.length - 1 && !hidden;
    reset.disabled = k === 0;
    reveal.disabled = !hidden;
    drawTable(hidden);
    attr(root, "data-k", k);
    attr(root, "data-granularity", gran);
  }

  function go(to, fromPython = false) {
    to = Math.max(0, Math.min(frames.length - 1, to | 0));
    if (to !== k) revealed = false;
    k = to;
    draw();
    if (!fromPython && model.get("k") !== k) send("k", k);
  }

  function stepNext() {
    if (valueHidden()) { revealed = true; draw(); return true; }
    if (k >= frames.length - 1) return false;
    go(k + 1);
    return true;
  }

  function stopPlay() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    play.textContent = "▶ Play";
    play.setAttribute("aria-label", "Play");
    play.title = "Play";
  }

  function startPlay() {
    if (k >= frames.length - 1 && !(hide.checked && !revealed)) go(0);
    play.textContent = "❚❚ Pause";
    play.setAttribute("aria-label", "Pause");
    play.title = "Pause";
    const tick = () => {
      if (!stepNext()) { stopPlay(); return; }
      if (k >= frames.length - 1 && !(hide.checked && !revealed)) { stopPlay(); return; }
      timer = setTimeout(tick, 1000 * Number(speed.value));
    };
    timer = setTimeout(tick, 1000 * Number(speed.value));
  }

  function setGranularity(g, fromPython = false) {
    if (!(g in data.granularities) || g === gran) return;
    let to = 0;                                    // keep the place (see helpers.steps.state.switch_position)
    const layer = data.granularities.layer.frames;
    if (k > 0) {
      to = g === "layer" ? layer.findIndex((f, m) => m > 0 && f.span[0] < k && k <= f.span[1]) : layer[k].span[0] + 1;
    }
    gran = g;
    frames = data.granularities[g].frames;
    granSel.value = g;
    k = -1;                                          // redraw whatever the new position is
    computeLayout();
    go(to, fromPython);
    if (!fromPython) send("granularity", g);
  }

  // ---- events
  const focusRoot = () => root.focus({ preventScroll: true });
  reset.addEventListener("click", () => { stopPlay(); go(0); focusRoot(); });
  prev.addEventListener("click", () => { go(k - 1); focusRoot(); });
  next.addEventListener("click", () => { stepNext(); focusRoot(); });
  reveal.addEventListener("click", () => { revealed = true; draw(); focusRoot(); });
  play.addEventListener("click", () => { if (timer === null) startPlay(); else stopPlay(); focusRoot(); });
  slider.addEventListener("input", () => go(Number(slider.value)));
  jump.addEventListener("change", () => {
    const to = data.granularities[gran].jumps[jump.value];
    if (to !== undefined) go(to);
    jump.value = "";
    focusRoot();
  });
  granSel.addEventListener("change", () => { setGranularity(granSel.value); focusRoot(); });
  speed.addEventListener("change", () => { send("interval", Number(speed.value)); focusRoot(); });
  hide.addEventListener("change", () => { revealed = false; send("hide_new", hide.checked); computeLayout(); draw(); focusRoot(); });
  tableBox.addEventListener("change", () => { send("show_table", tableBox.checked); computeLayout(); draw(); focusRoot(); });
  wholeBox.addEventListener("change", () => { computeLayout(); draw(); focusRoot(); });
  const rescale = (d) => {
    const i = SCALES.findIndex(v => Math.abs(v - scale()) < 1e-9);
    const j = Math.max(0, Math.min(SCALES.length - 1, (i < 0 ? 2 : i) + d));
    send("scale", SCALES[j]);
    computeLayout(); draw(); focusRoot();
  };
  smaller.addEventListener("click", () => rescale(-1));
  larger.addEventListener("click", () => rescale(+1));

  const KEYS = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "prev", PageUp: "prev",
                 Home: "first", End: "last" };
  function onKey(e) {
    const tag = e.target && e.target.tagName;
    const own = e.target === root || tag === "BUTTON" || tag === "svg" || (tag === "INPUT" && e.target.type === "checkbox");
    const action = KEYS[e.key];
    if (action && own && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      if (action === "next") stepNext();
      else if (action === "prev") go(k - 1);
      else if (action === "first") { stopPlay(); go(0); }
      else go(frames.length - 1);
    }
    e.stopPropagation();                            // no key reaches JupyterLab while the stepper has focus
  }
  root.addEventListener("keydown", onKey);
  root.addEventListener("mousedown", (e) => {
    if (!["SELECT", "INPUT", "OPTION"].includes(e.target.tagName)) setTimeout(focusRoot, 0);
  });

  const onK = () => { const v = model.get("k"); if (v !== k) go(v, true); };
  const onGran = () => setGranularity(model.get("granularity"), true);
  const onOpts = () => {
    hide.checked = !!model.get("hide_new");
    tableBox.checked = !!model.get("show_table");
    speed.value = String(SPEEDS.reduce((a, b) => Math.abs(b - interval()) < Math.abs(a - interval()) ? b : a));
    computeLayout(); draw();
  };
  model.on("change:k", onK);
  model.on("change:granularity", onGran);
  model.on("change:hide_new change:show_table change:scale", onOpts);

  let lastWidth = 0, pending = false;
  const ro = new ResizeObserver(() => {
    if (pending || Math.abs(root.clientWidth - lastWidth) < 2) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; lastWidth = root.clientWidth; computeLayout(); draw(); });
  });
  const onWinResize = () => { computeLayout(); draw(); };
  window.addEventListener("resize", onWinResize);

  function start() {
    lastWidth = root.clientWidth;
    computeLayout();
    draw();
    ro.observe(root);
  }
  // the element may not be in the page yet: lay out once it has a width
  if (root.isConnected && root.clientWidth > 0) start();
  else {
    const wait = new ResizeObserver(() => { if (root.clientWidth > 0) { wait.disconnect(); start(); } });
    wait.observe(root);
  }

  return () => {
    stopPlay();
    ro.disconnect();
    window.removeEventListener("resize", onWinResize);
    model.off("change:k", onK);
    model.off("change:granularity", onGran);
    model.off("change:hide_new change:show_table change:scale", onOpts);
    root.remove();
  };
}

export default { render };
