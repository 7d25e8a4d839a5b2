// microgradkr backprop player. DATA (defined just before this code) holds the frames:
// frame k lists the gradients and edge labels that change at step k, so the state at
// step k is frame 0..k applied in order.
(function () {
  "use strict";
  var frames = DATA.frames;
  var current = 0;
  var timer = null;
  var embedded = window.parent !== window;  // in a frame of a page (the tour): see tellHeight

  function byId(id) { return document.getElementById(id); }

  // an edge label may have several lines, one <text> each: fill them in order
  function setLines(id, text) {
    var group = byId(id), texts, lines, i;
    if (!group) { return; }
    texts = group.getElementsByTagName("text");
    lines = text === "" ? [] : text.split("\n");
    for (i = 0; i < texts.length; i++) {
      texts[i].textContent = i < lines.length ? lines[i] : "";
    }
    if (texts.length && lines.length > texts.length) {
      texts[texts.length - 1].textContent = lines.slice(texts.length - 1).join(" ");
    }
  }

  function lastText(id) {
    var group = byId(id);
    if (!group) { return null; }
    var texts = group.getElementsByTagName("text");
    return texts.length ? texts[texts.length - 1] : null;
  }

  // the state after frames 0..k: gradient of each node, text of each edge label
  function stateAt(k) {
    var grads = [], edges = {}, i, j, f;
    for (i = 0; i < DATA.nodes; i++) {
      grads.push({ value: null, text: DATA.unknown, kind: "mgk-unknown" });
    }
    for (i = 0; i < DATA.edgeIds.length; i++) { edges[DATA.edgeIds[i]] = ""; }
    for (i = 0; i <= k; i++) {
      f = frames[i];
      for (j = 0; j < f.grads.length; j++) {
        grads[f.grads[j][0]] = { value: f.grads[j][1], text: f.grads[j][2],
                                 kind: f.grads[j][3] ? "mgk-final" : "mgk-partial" };
      }
      for (j = 0; j < f.edges.length; j++) { edges[f.edges[j][0]] = f.edges[j][1]; }
    }
    return { grads: grads, edges: edges };
  }

  // scroll only the picture's own box to the current node: scrollIntoView would also scroll
  // the page, and on a phone that pushes the buttons just pressed off the screen
  function reveal(node) {
    var box = byId("mgk-graph"), outer = box.getBoundingClientRect(), inner = node.getBoundingClientRect();
    if (inner.left < outer.left || inner.right > outer.right) {
      box.scrollLeft += (inner.left + inner.right) / 2 - (outer.left + outer.right) / 2;
    }
    if (inner.top < outer.top || inner.bottom > outer.bottom) {
      box.scrollTop += (inner.top + inner.bottom) / 2 - (outer.top + outer.bottom) / 2;
    }
  }

  function mark(className, ids) {
    var old = document.querySelectorAll("." + className), i, el;
    for (i = 0; i < old.length; i++) { old[i].classList.remove(className); }
    for (i = 0; i < ids.length; i++) {
      el = byId(ids[i]);
      if (el) { el.classList.add(className); }
    }
  }

  function show(k) {
    var state, i, text, id, f, active = [];
    current = Math.max(0, Math.min(frames.length - 1, k));
    f = frames[current];
    state = stateAt(current);
    for (i = 0; i < DATA.nodes; i++) {
      text = lastText("mgk-v" + i);
      if (text) {
        text.textContent = state.grads[i].text;
        text.setAttribute("class", state.grads[i].kind);
      }
    }
    for (id in state.edges) {
      if (Object.prototype.hasOwnProperty.call(state.edges, id)) {
        setLines(id, state.edges[id]);
      }
    }
    for (i = 0; i < f.edges.length; i++) { active.push(f.edges[i][0]); }
    if (f.node !== null) { active.push("mgk-r" + f.node); }
    mark("mgk-current", f.node === null ? [] : ["mgk-v" + f.node, "mgk-op" + f.node]);
    if (f.node !== null && byId("mgk-v" + f.node)) { reveal(byId("mgk-v" + f.node)); }
    mark("mgk-active", active);
    byId("mgk-note").textContent = f.note;
    byId("mgk-counter").textContent = DATA.texts.counter
      .replace("{k}", String(current)).replace("{n}", String(frames.length - 1));
    byId("mgk-prev").disabled = current === 0;
    byId("mgk-next").disabled = current === frames.length - 1;
    if (current === frames.length - 1) { stop(); }
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    byId("mgk-play").textContent = DATA.texts.play;
  }

  function togglePlay() {
    if (timer !== null) { stop(); return; }
    if (current === frames.length - 1) { show(0); }
    byId("mgk-play").textContent = DATA.texts.pause;
    timer = setInterval(function () { show(current + 1); }, 1100);
  }

  byId("mgk-prev").addEventListener("click", function () { stop(); show(current - 1); });
  byId("mgk-next").addEventListener("click", function () { stop(); show(current + 1); });
  byId("mgk-play").addEventListener("click", togglePlay);
  document.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { stop(); show(current + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { stop(); show(current - 1); event.preventDefault(); }
    else if (event.key === "Home") { stop(); show(0); event.preventDefault(); }
    else if (event.key === "End") { stop(); show(frames.length - 1); event.preventDefault(); }
  });

  // shrink the picture to the window unless that would make its text too small to read
  function fit() {
    var svg = document.querySelector("#mgk-graph svg");
    if (!svg) { return; }
    svg.classList.remove("mgk-fit");
    // in a frame of a page the picture always fits its width: nothing cut, no scrolling inside
    if (embedded || byId("mgk-graph").clientWidth / svg.getBoundingClientRect().width >= 0.6) {
      svg.classList.add("mgk-fit");
    }
  }
  // the note box as tall as the longest note: the page keeps one height at every step
  function reserveNoteHeight() {
    var note = byId("mgk-note"), tallest = 0, i;
    note.style.minHeight = "";
    for (i = 0; i < frames.length; i++) {
      note.textContent = frames[i].note;
      tallest = Math.max(tallest, note.getBoundingClientRect().height);
    }
    note.style.minHeight = Math.ceil(tallest) + "px";
    note.textContent = frames[current].note;
  }

  // inside a frame (the tour page), tell the page how tall the player is, so its frame fits it
  function tellHeight() {
    if (embedded) {
      // the body's own height plus its margins: scrollHeight would never shrink below the frame's height
      var style = getComputedStyle(document.body);
      var height = document.body.getBoundingClientRect().height + parseFloat(style.marginTop) +
                   parseFloat(style.marginBottom);
      window.parent.postMessage({ mgkPlayerHeight: Math.ceil(height) }, "*");
    }
  }
  window.addEventListener("message", function (event) {  // the page asks again once it is ready
    if (event.source === window.parent && event.data && event.data.mgkAskHeight) { tellHeight(); }
  });
  window.addEventListener("load", tellHeight);
  // the body's height changes after load (late fonts, the picture, a narrower frame rewrapping text):
  // tell it again each time; not in projector mode, which sizes by the screen's height (no loop)
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      if (!document.body.classList.contains("mgk-projector")) { tellHeight(); }
    }).observe(document.body);
  }

  // projector mode: larger text, the picture as large as the screen allows (key P, or the button)
  function toggleProjector() {
    var on = document.body.classList.toggle("mgk-projector");
    var root = document.documentElement;
    if (on && root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().catch(function () { /* not allowed here: larger text still helps */ });
    } else if (!on && document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(function () {});
    }
    relayout();
  }
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && document.body.classList.contains("mgk-projector")) {
      document.body.classList.remove("mgk-projector");  // Esc left full screen: leave the mode too
      relayout();
    }
  });
  byId("mgk-projector").addEventListener("click", toggleProjector);
  document.addEventListener("keydown", function (event) {
    if ((event.key === "p" || event.key === "P") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      toggleProjector();
      event.preventDefault();
    }
  });

  function relayout() { fit(); reserveNoteHeight(); tellHeight(); }
  if (embedded) { document.body.classList.add("mgk-embedded"); }
  window.addEventListener("resize", relayout);
  if (window.ResizeObserver) { new ResizeObserver(tellHeight).observe(document.body); }
  fit();

  // for tests and the curious: the player's state from the console
  window.mgkPlayer = {
    count: frames.length,
    index: function () { return current; },
    go: show,
    gradients: function () {
      return stateAt(current).grads.map(function (g) { return g.value; });
    }
  };
  show(0);
  reserveNoteHeight();
  tellHeight();
}());
