// The annotation widget's view. It draws the tokens Python sent, turns mouse and keyboard
// input into marks, and reports them as the code-point offsets of those tokens: it never
// computes an offset from a JavaScript string index, and never computes a score.
//
// Model (shared by every view of the widget): article, labels, marks [[start, end, label]],
// status, notice, feedback, hints, student, student_id, save_path, lesson, options, mode,
// items (author mode: the answer key's items).
// View-local state: the token cursor, the pending selection, the selected mark, undo history
// (the marks each change added and removed, for this student and file).
//
// Two views share this file: AnnotatorView (a student marks an article) and AuthorView (a
// teacher edits an answer key: see "author mode" at the end).
//
// All text that reaches the page is set with textContent or setAttribute, never as HTML.

const LANE_GAP = 5; // px between underline lanes, one lane per label
const LINE = 4; // px height of one underline lane
const SAVE_TIMEOUT_MS = 6000;
const JOURNAL_DAYS = 30; // changes Python never confirmed are offered back for this long
const REPLY_TIMEOUT_MS = 10000; // Check and Hint: time to wait for the kernel's answer
const RETRY_SAVE_MS = 5000; // a save that failed (the folder could not be written) is tried again
// a drag held just beyond the top or bottom of the text in view (within SWEEP_EDGE_PX) scrolls
// the text box, at up to SWEEP_SPEED px a second: about four lines
const SWEEP_EDGE_PX = 48;
const SWEEP_SPEED = 160;
// how to run the widget's cell again: Shift+Enter is the widget's own key while it has the focus
const RUN_AGAIN = "Run the lesson's cells again (menu Run, then Run All Cells)";
const DRAFT_KEY = "This lesson's answer key is still a draft: your teacher has not checked it yet, " +
  "so Check's score may be wrong.";
const OUTCOME = {
  hit: { sign: "✓", word: "found" },
  partial: { sign: "◐", word: "partly" },
  wrong_label: { sign: "≠", word: "wrong label" },
  missed: { sign: "○", word: "missed" },
  extra: { sign: "+", word: "not in key" },
};

// -- small helpers -------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function safeColour(value) {
  return /^#[0-9a-fA-F]{6}$/.test(value || "") ? value : "#000000";
}

function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgba(hex, alpha) {
  const [r, g, b] = rgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function textOn(hex) {
  const lin = rgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return luminance < 0.18 ? "#ffffff" : "#000000";
}

function bisectRight(arr, x) {
  let lo = 0, hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function bisectLeft(arr, x) {
  let lo = 0, hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function fmt(value) {
  return value === null || value === undefined ? "n/a" : Number(value).toFixed(2);
}

// A mark's identity: its span and label, or (author mode) the key item's id.
// A long quote keeps its first and last words around "…" (as feedback._quoted does).
function shorten(text, limit = 80) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  if (flat.length <= limit) return flat;
  const half = Math.floor((limit - 3) / 2);
  let head = flat.slice(0, half), tail = flat.slice(-half);
  if (head.includes(" ")) head = head.slice(0, head.lastIndexOf(" "));
  if (tail.includes(" ")) tail = tail.slice(tail.indexOf(" ") + 1);
  return `${head} … ${tail}`;
}

// Words for a <q>, which adds quotation marks of its own: a span that is a quotation whole
// ("“highly likely”") loses its own pair, so it is shown quoted once (feedback._quoted keeps
// a quotation's own marks instead of adding a pair; same marks, same test).
function unquoted(text) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  const quotation = flat.length > 1 && "'‘“\"".includes(flat[0]) && "'’”\"".includes(flat[flat.length - 1]);
  return quotation ? flat.slice(1, -1) : flat;
}

// " 14:03:09" for a time today, " 26 Nov, 14:03:09" on another day (" 26 Nov 2025, …" in
// another year): when the file was saved, in the student's own time zone.
function savedWhen(iso) {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return "";
  const now = new Date();
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  if (at.toDateString() === now.toDateString()) return ` ${time}`;
  const date = at.toLocaleDateString([], {
    day: "numeric", month: "short", year: at.getFullYear() === now.getFullYear() ? undefined : "numeric",
  });
  return ` ${date}, ${time}`;
}

function sameMarks(a, b) {
  const keys = (list) => list.map(markKey).sort().join("|");
  return keys(a) === keys(b);
}

function markKey(mark) {
  return mark.length > 3 ? String(mark[3]) : `${mark[0]}:${mark[1]}:${mark[2]}`;
}

// The room under a word for its underline lanes, one per label (--an-pad: widget.css makes the
// text's lines taller with it, so the lowest lane never reaches the next line's words).
function lanePad(labelCount) {
  return labelCount * LANE_GAP + 2;
}

// One underline lane in the label's pattern (the cue that is not colour), as a CSS background.
function lineLayer(pattern, colour) {
  const c = colour;
  switch (pattern) {
    case "double":
      return [`linear-gradient(to bottom, ${c} 0 1.5px, transparent 1.5px 2.5px, ${c} 2.5px 4px)`,
        "100% 4px", "no-repeat"];
    case "wavy": {
      const svg = "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='4' viewBox='0 0 8 4'>" +
        `<path d='M0 2 Q2 -0.5 4 2 T8 2' fill='none' stroke='${c}' stroke-width='1.4'/></svg>`;
      return [`url("data:image/svg+xml,${encodeURIComponent(svg)}")`, "8px 4px", "repeat-x"];
    }
    case "dashed":
      return [`repeating-linear-gradient(to right, ${c} 0 5px, transparent 5px 8px)`,
        "100% 2.5px", "no-repeat"];
    case "dotted":
      return [`repeating-linear-gradient(to right, ${c} 0 2px, transparent 2px 4px)`,
        "100% 2.5px", "no-repeat"];
    default: // solid
      return [`linear-gradient(${c}, ${c})`, "100% 3px", "no-repeat"];
  }
}

// -- the view ------------------------------------------------------------------------------

class AnnotatorView {
  constructor(model, el) {
    this.model = model;
    this.el = el;
    this.cleanups = [];
    this.undoStack = [];
    this.redoStack = [];
    this.cursor = null; // token index
    this.anchor = null; // token index where a Shift+arrow selection started
    this.pending = null; // [a, b] inclusive token range, selected but not yet labelled
    this.selected = null; // key of the selected mark
    this.armed = null; // label applied at once to the next mouse selection
    this.rangeMode = false; // Range on: a click or tap extends the selection to that word
    this.picking = null; // author mode: {kind, id} while an item's min or max is chosen in the text
    this.frames = new Map(); // pending animation frames by what they do (inNextFrame)
    this.preview = null; // {key, mark} while a resize handle is dragged
    this.drag = null;
    this.sweep = null; // while words are selected by a drag (startSweep)
    this.nameAsked = false; // the student tried to mark with no name given (askForName)
    this.offerWhole = false; // the next click into the name field selects the offered name
    this.styled = new Map(); // element -> signature of its current mark styling
    this.styleCache = new Map();
    this.saveTimer = null;
    this.retryTimer = null;
    this.replyTimer = null;
    this.awaiting = null; // "check", "hint" or "student" while the kernel's answer is awaited
    this.replyNotice = "";
    this.stalled = false; // a save Python never answered: the status says so until it does
    this.viewId = Math.random().toString(36).slice(2, 10); // for ids unique on the page

    this.build();
    this.setLabels();
    this.renderArticle();
    this.renderStudent();
    this.renderStatus();
    this.renderFeedback();
    this.onMarksChanged();

    this.listen("change:loaded", () => { this.replied("student"); this.forgetHistory(); this.restoreUnsaved(); }); // a file was read
    this.listen("change:saved_marks", () => this.confirmSaved());
    this.listen("change:article", () => { this.renderArticle(); this.onMarksChanged(); });
    this.listen("change:labels", () => { this.setLabels(); this.onMarksChanged(); });
    this.listen("change:marks", () => this.onMarksChanged());
    this.listen("change:status", () => { this.stalled = false; this.renderStatus(); });
    this.listen("change:student", () => { this.forgetHistory(); this.renderStudent(); this.renderFeedback(); this.paint(); });
    this.listen("change:options", () => { this.renderStudent(); this.renderFeedback(); });
    this.listen("change:save_path", () => this.renderStatus());
    this.listen("change:saved_at", () => this.renderStatus());
    this.listen("change:feedback", () => { this.renderFeedback(); this.paint(); this.replied("check"); });
    this.listen("change:hints", () => { this.renderFeedback(); this.paint(); this.replied("hint"); });
    this.listen("change:notice", () => { this.renderFeedback(); this.replied(null); });
    this.listen("change:welcome", () => this.renderFeedback()); // not an answer: nothing awaited ends
    this.listen("change:offer", () => this.renderFeedback());
    this.restoreUnsaved();
  }

  listen(event, fn) {
    this.model.on(event, fn);
    this.cleanups.push(() => this.model.off(event, fn));
  }

  on(target, event, fn, options) {
    target.addEventListener(event, fn, options);
    this.cleanups.push(() => target.removeEventListener(event, fn, options));
  }

  destroy() {
    this.endPointer();
    for (const frame of this.frames.values()) cancelAnimationFrame(frame);
    clearTimeout(this.saveTimer);
    clearInterval(this.retryTimer);
    clearTimeout(this.replyTimer);
    for (const fn of this.cleanups) fn();
  }

  // -- building ----------------------------------------------------------------------------

  build() {
    const suppress = { "data-lm-suppress-shortcuts": "true" };
    this.titleEl = h("div", { class: "an-title", role: "heading", "aria-level": "3" });
    this.studentEl = h("div", { class: "an-student" });
    this.nameInput = h("input", {
      class: "an-name", type: "text", maxlength: "80", autocomplete: "name",
      "aria-label": "Your name", placeholder: "Your name", ...suppress,
    });
    this.nameButton = h("button", { class: "an-button", type: "submit", ...suppress, text: "Start" });
    // on a shared computer the next student says who they are: their own work is loaded
    this.changeNameButton = h("button", {
      class: "an-link an-change-name", type: "button", text: "not you?",
      title: "Someone else? Type your own name: your own work is loaded and saved",
    });
    this.changingName = false;
    this.nameForm = h("form", { class: "an-nameform" },
      h("label", { class: "an-name-label" }, "Type your name to start (the same name each time brings your work back): ", this.nameInput),
      this.nameButton);
    // not a live region: "Saving…" and "Saved" after every mark would talk over "Marked claim";
    // a failed save is announced (see announceError)
    this.statusEl = h("span", { class: "an-status" });

    this.toolbar = h("div", { class: "an-toolbar", role: "toolbar", "aria-label": "Labels and actions" });
    this.labelGroup = h("div", { class: "an-labels" });
    this.undoButton = this.button("Undo", "undo", "Undo (Ctrl+Z)");
    this.redoButton = this.button("Redo", "redo", "Redo (Ctrl+Shift+Z)");
    this.deleteButton = this.button("Delete", "delete", "Delete the selected mark (Delete)");
    // a range without dragging (touch screens, a single pointer): first word, then last word
    this.rangeButton = this.button("↔ Range", "range", "Range: click or tap the first word, then the last word");
    this.rangeButton.setAttribute("aria-pressed", "false");
    this.checkButton = this.button("Check", "check", "Check your marks against the answer key");
    this.hintButton = this.button("Hint", "hint", "Show a sentence with something you missed");
    this.toolbar.append(this.labelGroup,
      h("div", { class: "an-actions" }, this.rangeButton, this.undoButton, this.redoButton, this.deleteButton),
      h("div", { class: "an-checks" }, this.checkButton, this.hintButton),
      this.statusEl);

    this.labelHelp = h("ul", { class: "an-label-help" });
    this.saveHelp = h("p", { class: "an-save-help" });
    // the help scrolls in a box of its own (see .an-help-body): the article keeps its room
    this.help = h("details", { class: "an-help" },
      h("summary", { text: "How to mark" }),
      h("div", { class: "an-help-body", tabindex: "0", role: "region", "aria-label": "How to mark" },
        h("ul", {},
          h("li", { text: "Click or tap a word to select it, then click a label (or press its key). " +
            "Several words: Shift+click the last word, drag across them, or turn on ↔ Range and click or tap the first word, then the last (Range turns itself off once they are marked)." }),
          h("li", { text: "With nothing selected, clicking a label turns it on: every word or words you select next are marked at once. Click it again to stop." }),
          h("li", { text: "Keyboard: click or Tab into the text; ←/→/↑/↓ move, Shift+←/→ select, then press a label key." }),
          h("li", { text: "Tab / Shift+Tab go to the next / previous mark; a label key relabels it; Delete removes it." }),
          h("li", { text: "Selected mark: Shift+←/→ moves its end, Shift+Alt+←/→ moves its start (or drag its handles)." }),
          h("li", { text: "Click a word twice to move between overlapping marks. Ctrl+Z undoes, Ctrl+Shift+Z redoes." }),
          h("li", { text: "Escape clears the selection; with nothing selected it leaves the text for what follows it." })),
        this.labelHelp, this.saveHelp));

    this.textEl = h("div", {
      class: "an-text", tabindex: "0", role: "application", "aria-roledescription": "article to mark",
      "aria-label": "Article text. Arrows move between words; Shift+arrows select; label keys mark.",
      ...suppress,
    });
    this.handleStart = h("div", { class: "an-handle an-handle-start", "aria-hidden": "true", title: "Drag to move the start" });
    this.handleEnd = h("div", { class: "an-handle an-handle-end", "aria-hidden": "true", title: "Drag to move the end" });
    this.liveEl = h("div", { class: "an-live", role: "status", "aria-live": "polite" });
    this.feedbackEl = h("section", { class: "an-feedback", "aria-label": "Feedback" });
    // messages for the student (not saved, put back, type your name …) sit above the text,
    // where the student is looking; Check's results and the hints go below it
    this.noticesEl = h("div", { class: "an-notices" });

    this.root = h("div", { class: "an-root", ...suppress },
      h("div", { class: "an-head" }, this.titleEl, this.studentEl, this.nameForm),
      this.toolbar, this.noticesEl, this.help, this.textEl, this.liveEl, this.feedbackEl);
    this.el.replaceChildren(this.root);

    this.on(this.root, "keydown", (e) => this.onKeyDown(e));
    this.on(this.textEl, "mousedown", (e) => this.onMouseDown(e));
    this.on(this.textEl, "focus", () => this.onFocus());
    this.on(this.textEl, "blur", () => this.root.classList.remove("an-focused"));
    this.on(this.toolbar, "mousedown", (e) => { if (e.target.closest("button")) e.preventDefault(); });
    this.on(this.toolbar, "click", (e) => this.onToolbarClick(e));
    this.on(this.feedbackEl, "click", (e) => this.onFeedbackClick(e));
    this.on(this.nameInput, "input", () => { // "Are you …?" goes
      this.offerWhole = false;
      if (this.locked()) this.renderFeedback();
    });
    this.on(this.nameInput, "mousedown", (e) => { // the offered name, whole (see offerName)
      if (!this.offerWhole || e.button !== 0) return;
      this.offerWhole = false;
      e.preventDefault();
      this.nameInput.focus();
      this.nameInput.select();
    });
    this.on(this.changeNameButton, "click", () => {
      this.changingName = !this.changingName;
      this.nameInput.value = "";
      this.renderStudent();
      if (this.changingName) this.nameInput.focus();
    });
    this.on(this.nameForm, "submit", (e) => {
      e.preventDefault();
      const name = this.nameInput.value.trim();
      if (!name) {
        this.announce("Type your name first.");
        this.replyNotice = "Type your name first, then press Start.";
        this.renderFeedback();
        this.nameInput.focus();
        return;
      }
      this.awaitReply("student"); // first: a send to a kernel that is gone may throw
      this.ask({ type: "student", name });
      if (this.changingName) {
        this.changingName = false;
        this.renderStudent();
      }
    });
    if (typeof ResizeObserver !== "undefined") {
      const observer = new ResizeObserver(() => this.scheduleHandles());
      observer.observe(this.textEl);
      this.cleanups.push(() => observer.disconnect());
      const above = new ResizeObserver(() => this.scheduleFit());
      for (const part of [this.toolbar, this.noticesEl, this.help, this.root]) above.observe(part);
      this.cleanups.push(() => above.disconnect());
    }
    this.on(window, "resize", () => this.scheduleFit());
  }

  // The notebook scrolls the widget away with its toolbar (a sticky toolbar cannot stick inside
  // an output area, which clips and scrolls by itself). So the text box is never taller than
  // the notebook's visible height less the toolbar and what sits between them: with the
  // toolbar at the top of the view, the labels, Check and the whole text box are on screen.
  scheduleFit() {
    this.inNextFrame("fit", () => this.fitText());
  }

  // Work that needs layout, done once in the next frame however often it is asked for.
  inNextFrame(slot, fn) {
    if (this.frames.has(slot)) return;
    this.frames.set(slot, requestAnimationFrame(() => {
      this.frames.delete(slot);
      fn();
    }));
  }

  fitText() {
    if (!this.root.isConnected || !this.textEl.getClientRects().length) return;
    // the notebook's scrolling panel (JupyterLab, Notebook 7), or else the window: never an
    // output area, whose height is the widget's own
    const panel = this.root.closest(".jp-WindowedPanel-outer, .jp-Notebook");
    let view = window.innerHeight;
    if (panel) {
      const box = panel.getBoundingClientRect();
      view = Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
    }
    const above = this.textEl.getBoundingClientRect().top - this.toolbar.getBoundingClientRect().top;
    const room = Math.floor(view - above - 12);
    const height = `${Math.max(room, 100)}px`;
    if (this.textEl.style.getPropertyValue("--an-fit") !== height) this.textEl.style.setProperty("--an-fit", height);
  }

  button(text, action, title) {
    return h("button", {
      class: "an-button", type: "button", "data-action": action, title, tabindex: "-1",
      "data-lm-suppress-shortcuts": "true", text,
    });
  }

  setLabels() {
    this.labels = this.model.get("labels") || [];
    this.labelByName = new Map();
    this.labels.forEach((label, lane) => {
      const colour = safeColour(label.colour);
      this.labelByName.set(label.name, { ...label, colour, lane, ink: textOn(colour) });
    });
    this.hotkeys = new Map();
    for (const label of this.labelByName.values()) {
      if (label.hotkey) this.hotkeys.set(label.hotkey.toLowerCase(), label.name);
    }
    this.textEl.style.setProperty("--an-pad", `${lanePad(this.labels.length)}px`);
    this.styleCache.clear();
    this.tagsSig = null;
    this.labelButtons = new Map();
    this.labelGroup.replaceChildren();
    for (const label of this.labelByName.values()) {
      const sample = h("span", { class: "an-sample", "aria-hidden": "true", text: "Aa" });
      sample.style.textDecorationColor = label.colour;
      sample.style.textDecorationStyle = label.pattern;
      const tag = this.tagElement(label);
      const count = h("span", { class: "an-count", text: "0" });
      const button = h("button", {
        class: "an-button an-label-button", type: "button", "data-action": "label",
        "data-label": label.name, "aria-pressed": "false", tabindex: "-1",
        "data-lm-suppress-shortcuts": "true", title: label.description || label.name,
      }, sample, tag, label.hotkey ? h("kbd", { text: label.hotkey.toUpperCase() }) : null, count);
      button.style.setProperty("--an-colour", label.colour);
      this.labelButtons.set(label.name, { button, count });
      this.labelGroup.append(button);
    }
    const first = this.toolbar.querySelector("button");
    if (first) first.tabIndex = 0;
    // what each label means, in words (the button's tooltip says it only to a mouse)
    this.labelHelp.replaceChildren(...[...this.labelByName.values()].map((label) => h("li", {},
      h("strong", { text: label.name }), label.hotkey ? ` (key ${label.hotkey.toUpperCase()})` : "",
      label.description ? `: ${label.description}` : "")));
  }

  // A label's tag; one cut short ("COUNTER-ARG…") gives its full name to a pointer (title) and
  // to a screen reader (hidden text) where it is not said already.
  tagElement(label) {
    const text = label.tag || label.name.toUpperCase();
    const tag = h("span", { class: "an-tag" });
    if (text === label.name.toUpperCase()) tag.textContent = text;
    else {
      tag.title = label.name;
      tag.append(h("span", { "aria-hidden": "true", text }), h("span", { class: "an-sr", text: label.name }));
    }
    tag.style.backgroundColor = label.colour;
    tag.style.color = label.ink;
    return tag;
  }

  // -- the article -------------------------------------------------------------------------

  renderArticle() {
    const started = performance.now();
    const article = this.model.get("article") || {};
    const tokens = article.tokens || [];
    const spaces = article.spaces || [];
    const n = tokens.length;
    this.n = n;
    this.tokStart = new Array(n);
    this.tokEnd = new Array(n);
    this.punct = article.punct || new Array(n).fill(false);
    this.spaces = spaces;
    this.tokEls = new Array(n);
    this.spEls = new Array(n);
    this.paraOf = new Int32Array(n);
    let paragraphs = article.paragraphs || [];
    if (!paragraphs.length && n) paragraphs = [[0, n]];
    this.paragraphs = paragraphs;
    const frag = document.createDocumentFragment();
    paragraphs.forEach(([a, b], p) => {
      const para = document.createElement("p");
      para.className = "an-para";
      let holder = para; // a hyphenated word ("Kim Jong-un") is held in one unbreakable run
      for (let k = a; k < b; k++) {
        const [start, end, text] = tokens[k];
        this.tokStart[k] = start;
        this.tokEnd[k] = end;
        this.paraOf[k] = p;
        if (k > a && spaces[k]) {
          const space = document.createElement("span");
          space.className = "an-sp";
          space.dataset.s = k;
          space.textContent = spaces[k];
          para.appendChild(space);
          this.spEls[k] = space;
          holder = para;
        } else if (k > a && (text === "-" || tokens[k - 1][2] === "-") && holder === para) {
          holder = document.createElement("span");
          holder.className = "an-nowrap";
          this.tokEls[k - 1].replaceWith(holder);
          holder.appendChild(this.tokEls[k - 1]);
        } else if (k > a && text !== "-" && tokens[k - 1][2] !== "-") {
          holder = para;
        }
        const tok = document.createElement("span");
        tok.className = "an-tok";
        tok.dataset.i = k;
        tok.textContent = text;
        holder.appendChild(tok);
        this.tokEls[k] = tok;
      }
      frag.appendChild(para);
    });
    this.styled = new Map();
    this.tagsSig = this.badgesSig = null;
    this.textEl.replaceChildren(frag, this.handleStart, this.handleEnd);
    this.titleEl.textContent = article.title || article.id || "Article";
    void this.textEl.offsetHeight; // include the first layout in the measured time
    this.root.dataset.renderMs = (performance.now() - started).toFixed(1);
    this.root.dataset.tokens = String(n);
  }

  // Token indices [i, j) that the code-point span [start, end) touches (as Article.token_range).
  tokenRange(start, end) {
    return [bisectRight(this.tokEnd, start), bisectLeft(this.tokStart, end)];
  }

  isWord(k) {
    return k >= 0 && k < this.n && !this.punct[k];
  }

  nextWord(k, step) {
    for (let m = k + step; m >= 0 && m < this.n; m += step) if (this.isWord(m)) return m;
    return null;
  }

  // Drop punctuation tokens at the edges, as Article.snap does. Returns [a, b] or null.
  trim(a, b) {
    a = Math.max(0, a);
    b = Math.min(this.n - 1, b);
    while (a <= b && this.punct[a]) a++;
    while (b >= a && this.punct[b]) b--;
    return a <= b ? [a, b] : null;
  }

  // The mark for inclusive token range [a, b]: offsets are the tokens' own, from Python.
  spanOf(a, b, label) {
    return [this.tokStart[a], this.tokEnd[b], label];
  }

  // -- marks -------------------------------------------------------------------------------

  marks() {
    return this.model.get("marks") || [];
  }

  shownMarks() {
    const marks = this.marks();
    if (!this.preview) return marks;
    return marks.map((m) => (markKey(m) === this.preview.key ? this.preview.mark : m));
  }

  markInfo(mark) {
    const [i, j] = this.tokenRange(mark[0], mark[1]);
    const label = this.labelByName.get(mark[2]);
    return { mark, key: markKey(mark), i, j, label, lane: label ? label.lane : -1 };
  }

  sortedMarks() {
    return this.marks().map((m) => this.markInfo(m)).filter((m) => m.lane >= 0 && m.i < m.j)
      .sort((x, y) => x.i - y.i || y.j - x.j || x.lane - y.lane);
  }

  findMark(key) {
    return key ? this.marks().find((m) => markKey(m) === key) || null : null;
  }

  // a new change (an Undo or Redo too): an old message ("Put back 2 changes …") is out of date
  dropOldNotice() {
    if (this.replyNotice && !this.awaiting) {
      this.replyNotice = "";
      this.renderFeedback();
    }
  }

  commit(next, { select = null, say = "" } = {}) {
    this.dropOldNotice();
    const change = this.difference(this.marks(), next);
    if (change.added.length || change.removed.length) {
      this.undoStack.push(change);
      if (this.undoStack.length > 500) this.undoStack.shift();
      this.redoStack = [];
    }
    this.setMarks(next, select);
    if (say) this.announce(say);
  }

  // What one change did: the marks it added and removed. Undo and redo apply this to the marks
  // as they are then, never bring back a whole earlier list: marks put together meanwhile from
  // another tab or cell (or a student's file loaded since) stay as they are.
  difference(before, after) {
    const was = new Set(before.map(markKey)), now = new Set(after.map(markKey));
    return { added: after.filter((m) => !was.has(markKey(m))), removed: before.filter((m) => !now.has(markKey(m))) };
  }

  applyChange(marks, { added, removed }) {
    const gone = new Set(removed.map(markKey));
    const kept = marks.filter((m) => !gone.has(markKey(m)));
    const have = new Set(kept.map(markKey));
    return [...kept, ...added.filter((m) => !have.has(markKey(m)))];
  }

  // Undo and redo start again with every student and every file read (a new student must not
  // undo into their file what the last one did).
  forgetHistory() {
    this.undoStack = [];
    this.redoStack = [];
    this.updateControls();
  }

  setMarks(next, select = null) {
    this.selected = select;
    if (select) this.pending = null;
    this.model.set("marks", next);
    this.model.save_changes();
    this.journal(next);
    this.showSaving();
  }

  // -- changes Python has not confirmed ----------------------------------------------------
  //
  // Python saves every change. If the kernel restarts or dies before it answers, the marks on
  // screen exist nowhere else, and running the cell again would load the file without them.
  // So each change is also kept in the browser (localStorage) with the marks Python last
  // confirmed (saved_marks) until Python confirms it; the next widget for the same article,
  // lesson and student puts back what was added and removed since then.

  journalKey() {
    const sid = this.model.get("student_id");
    const sha = (this.model.get("article") || {}).sha256;
    return sid && sha ? `annotator-unsaved:${sha}:${this.model.get("lesson") || ""}:${sid}` : null;
  }

  readJournal(key) {
    try {
      const entry = JSON.parse(window.localStorage.getItem(key) || "null");
      return entry && Array.isArray(entry.marks) && Array.isArray(entry.base) ? entry : null;
    } catch (err) {
      return null; // no storage (a private window, say): nothing to restore
    }
  }

  writeJournal(key, entry) {
    try {
      if (entry) window.localStorage.setItem(key, JSON.stringify(entry));
      else window.localStorage.removeItem(key);
    } catch (err) {
      // storage full or refused: the kernel's own save is still the record
    }
  }

  journal(next) {
    const key = this.journalKey();
    if (key) this.writeJournal(key, { base: this.model.get("saved_marks") || [], marks: next, at: Date.now() });
  }

  // Python saved: when what it saved is what this view shows (no later change is on its
  // way), nothing is left to put back. Python may have saved more than this view sent (the
  // marks of another tab, put together): the journal must then not remember the view's own
  // older list, or a later restore would take the other tab's marks away.
  confirmSaved() {
    const key = this.journalKey();
    const entry = key && this.readJournal(key);
    if (!entry) return;
    const saved = this.model.get("saved_marks") || [];
    if (sameMarks(this.marks(), saved) || sameMarks(entry.marks, saved)) this.writeJournal(key, null);
    else this.writeJournal(key, { ...entry, base: saved });
  }

  restoreUnsaved() {
    const key = this.journalKey();
    const entry = key && this.readJournal(key);
    if (!entry || this.model.get("mode") === "author") return;
    const current = this.marks();
    if (Date.now() - entry.at > JOURNAL_DAYS * 86400000 || sameMarks(entry.marks, current)) {
      this.writeJournal(key, null);
      return;
    }
    const keys = (list) => new Set(list.map(markKey));
    const base = keys(entry.base), mine = keys(entry.marks), now = keys(current);
    const added = entry.marks.filter((m) => !base.has(markKey(m)) && !now.has(markKey(m)));
    const removed = new Set([...base].filter((k) => !mine.has(k) && now.has(k)));
    const next = [...current.filter((m) => !removed.has(markKey(m))), ...added];
    if (sameMarks(next, current)) {
      this.writeJournal(key, null);
      return;
    }
    const n = added.length + removed.size;
    this.commit(next);
    this.replyNotice = `Put back ${n} change${n === 1 ? "" : "s"} to your marks that had not been saved (the kernel stopped, or saving failed, before ${n === 1 ? "it was" : "they were"}). The status beside the buttons says whether ${n === 1 ? "it is" : "they are"} saved now.`;
    this.renderFeedback();
  }

  create(range, labelName) {
    const label = this.labelByName.get(labelName);
    const trimmed = range && this.trim(range[0], range[1]);
    if (!label || !trimmed) {
      this.announce("Nothing to mark there: select at least one word.");
      return;
    }
    this.rangeMode = false; // Range is for one selection: the next click or tap is a plain one
    const mark = this.spanOf(trimmed[0], trimmed[1], labelName);
    const key = markKey(mark);
    this.pending = null;
    this.cursor = trimmed[0];
    this.anchor = trimmed[0];
    // the same words again, or words inside a mark of the same label: that mark, selected
    const within = this.findMark(key) || this.marks().find(
      (m) => m[2] === labelName && m[0] <= mark[0] && mark[1] <= m[1]);
    if (within) {
      this.selected = markKey(within);
      this.announce(`Already marked as ${label.name}: ${this.quote(within)}`);
      this.paint();
      return;
    }
    this.commit([...this.marks(), mark], { select: key, say: `Marked ${label.name}: ${this.quote(mark)}` });
  }

  replaceMark(key, mark, say) {
    const newKey = markKey(mark);
    const others = this.marks().filter((m) => markKey(m) !== key);
    const next = others.some((m) => markKey(m) === newKey) ? others
      : this.marks().map((m) => (markKey(m) === key ? mark : m));
    this.commit(next, { select: newKey, say });
  }

  relabel(key, labelName) {
    const mark = this.findMark(key);
    if (!mark || mark[2] === labelName) return;
    this.replaceMark(key, [mark[0], mark[1], labelName], `Relabelled as ${labelName}: ${this.quote(mark)}`);
  }

  remove(key) {
    const mark = this.findMark(key);
    if (!mark) return;
    this.commit(this.marks().filter((m) => markKey(m) !== key), { say: `Deleted ${mark[2]}: ${this.quote(mark)}` });
    this.selected = null;
    this.paint();
  }

  // Move one edge of a mark to another word; the mark never becomes empty.
  resize(key, edge, step) {
    const mark = this.findMark(key);
    if (!mark) return;
    const info = this.markInfo(mark);
    let a = info.i, b = info.j - 1;
    if (edge === "end") b = this.nextWord(b, step) ?? b;
    else a = this.nextWord(a, step) ?? a;
    const trimmed = a <= b && this.trim(a, b);
    if (!trimmed) return;
    const next = this.spanOf(trimmed[0], trimmed[1], mark[2]);
    if (markKey(next) !== key) this.replaceMark(key, next, `${mark[2]} is now ${this.quote(next)}`);
  }

  undo() {
    if (!this.undoStack.length) return;
    const change = this.undoStack.pop();
    this.redoStack.push(change);
    this.setChanged({ added: change.removed, removed: change.added });
    this.announce("Undone");
  }

  redo() {
    if (!this.redoStack.length) return;
    const change = this.redoStack.pop();
    this.undoStack.push(change);
    this.setChanged(change);
    this.announce("Redone");
  }

  setChanged(change) {
    this.dropOldNotice();
    const current = this.marks();
    const next = this.applyChange(current, change);
    if (sameMarks(next, current)) { this.paint(); return; } // already so (changed elsewhere)
    this.setMarks(next, this.firstNew(next, current));
  }

  firstNew(marks, before) {
    const old = new Set(before.map(markKey));
    const added = marks.find((m) => !old.has(markKey(m)));
    return added ? markKey(added) : null;
  }

  // what a mark is called where a screen reader hears it ("item" in author mode)
  get noun() {
    return "mark";
  }

  onMarksChanged() {
    if (this.selected && !this.findMark(this.selected)) this.selected = null;
    const counts = new Map();
    for (const mark of this.marks()) counts.set(mark[2], (counts.get(mark[2]) || 0) + 1);
    for (const [name, { button, count }] of this.labelButtons) {
      const n = counts.get(name) || 0;
      count.textContent = String(n);
      const label = this.labelByName.get(name);
      button.setAttribute("aria-label",
        `${label.name}${label.hotkey ? ` (key ${label.hotkey.toUpperCase()})` : ""}: ${n} ${this.noun}${n === 1 ? "" : "s"}`);
    }
    this.paint();
  }

  // A word and what is marked there, for a screen reader: "reportedly: hedge, inside a claim".
  describeWord(k) {
    const parts = [];
    for (const m of this.sortedMarks()) {
      if (m.i > k) break;
      if (k >= m.j) continue;
      const name = m.label.name;
      const a = /^[aeiou]/i.test(name) ? "an" : "a";
      let say = `inside ${a} ${name}`;
      if (m.i === k && m.j === k + 1) say = name;
      else if (m.i === k) say = `start of ${a} ${name}`;
      else if (m.j === k + 1) say = `end of ${a} ${name}`;
      parts.push([m.j - m.i, say]);
    }
    const word = this.tokEls[k].textContent;
    parts.sort((x, y) => x[0] - y[0]); // the innermost mark first
    return parts.length ? `${word}: ${parts.map((p) => p[1]).join(", ")}` : word;
  }

  // The article's own text of a mark (its first 12 tokens), spaces as they are in the text
  // ("50°C balloon", not "50 ° C balloon"), with runs of whitespace made one space.
  quote(mark) {
    const [i, j] = this.tokenRange(mark[0], mark[1]);
    const end = Math.min(j, i + 12);
    let text = "";
    for (let k = i; k < end; k++) text += (k > i ? this.spaces[k] || "" : "") + this.tokEls[k].textContent;
    return `“${text.replace(/\s+/g, " ").trim()}${j - i > 12 ? " …" : ""}”`;
  }

  // -- drawing -----------------------------------------------------------------------------

  // Every change of marks, selection, cursor, hints or feedback redraws only the elements
  // whose styling changed: the work is proportional to what is marked, not to the article.
  paint() {
    const next = new Map();
    const touch = (el) => {
      let v = next.get(el);
      if (!v) { v = { lanes: 0, sel: -1, cls: 0 }; next.set(el, v); }
      return v;
    };
    const each = (i, j, fn) => { // tokens [i, j) and the spaces between them
      for (let k = i; k < j; k++) {
        fn(touch(this.tokEls[k]));
        if (k > i && this.spEls[k]) fn(touch(this.spEls[k]));
      }
    };
    const marks = this.shownMarks().map((m) => this.markInfo(m));
    const selectedKey = this.preview ? this.preview.key : this.selected;
    for (const m of marks) {
      if (m.lane < 0 || m.i >= m.j) continue;
      const selected = m.key === selectedKey || (this.preview && markKey(this.preview.mark) === m.key);
      each(m.i, m.j, (v) => {
        v.lanes |= 1 << m.lane;
        if (selected) { v.sel = m.lane; v.cls |= 1; }
      });
    }
    if (this.pending) each(this.pending[0], this.pending[1] + 1, (v) => { v.cls |= 2; });
    if (this.cursor !== null && this.cursor < this.n) touch(this.tokEls[this.cursor]).cls |= 4;
    for (const hintItem of this.model.get("hints") || []) {
      const [i, j] = this.tokenRange(hintItem.start, hintItem.end);
      each(i, j, (v) => { v.cls |= 8; });
    }
    const feedback = this.model.get("feedback") || {};
    if (!feedback.stale) {
      for (const note of feedback.notes || []) {
        if (note.kind !== "missed") continue;
        const [i, j] = this.tokenRange(note.start, note.end);
        each(i, j, (v) => { v.cls |= 16; });
      }
    }
    for (const [el] of this.styled) if (!next.has(el)) this.applyStyle(el, null);
    for (const [el, v] of next) {
      const sig = `${v.lanes}|${v.sel}|${v.cls}`;
      if (this.styled.get(el) !== sig) this.applyStyle(el, v);
      next.set(el, sig);
    }
    this.styled = next;
    this.drawTags(marks, selectedKey);
    this.drawBadges(feedback);
    this.scheduleHandles();
    this.updateControls();
  }

  applyStyle(el, v) {
    const s = el.style;
    if (!v) {
      s.backgroundImage = s.backgroundSize = s.backgroundPosition = s.backgroundRepeat = "";
      el.classList.remove("an-marked", "an-overlap", "an-selmark", "an-pending", "an-cursor", "an-hint", "an-missed");
      if (el.dataset.i !== undefined) delete el.dataset.labels;
      return;
    }
    const layers = this.layers(v.lanes, v.sel);
    s.backgroundImage = layers.image;
    s.backgroundSize = layers.size;
    s.backgroundPosition = layers.position;
    s.backgroundRepeat = layers.repeat;
    el.classList.toggle("an-marked", v.lanes !== 0);
    el.classList.toggle("an-overlap", (v.lanes & (v.lanes - 1)) !== 0); // two labels or more
    el.classList.toggle("an-selmark", (v.cls & 1) !== 0);
    el.classList.toggle("an-pending", (v.cls & 2) !== 0);
    el.classList.toggle("an-cursor", (v.cls & 4) !== 0);
    el.classList.toggle("an-hint", (v.cls & 8) !== 0);
    el.classList.toggle("an-missed", (v.cls & 16) !== 0);
    if (el.dataset.i !== undefined) {
      if (v.lanes) el.dataset.labels = layers.names;
      else delete el.dataset.labels;
    }
  }

  // Background layers for a set of labels: one underline lane per label, in its pattern,
  // and a light tint (stronger for the selected mark). Cached by signature.
  layers(lanes, selLane) {
    const sig = `${lanes}|${selLane}`;
    let cached = this.styleCache.get(sig);
    if (cached) return cached;
    const image = [], size = [], position = [], repeat = [], names = [];
    const pad = lanePad(this.labels.length);
    const lines = [], tints = [];
    for (const label of this.labelByName.values()) {
      if (!(lanes & (1 << label.lane))) continue;
      names.push(label.name);
      const [img, sz, rep] = lineLayer(label.pattern, label.colour);
      const fromBottom = pad - 1 - LINE - label.lane * LANE_GAP;
      lines.push([img, sz, `0 calc(100% - ${fromBottom}px)`, rep]);
      const alpha = label.lane === selLane ? 0.34 : 0.12;
      const tint = rgba(label.colour, alpha);
      tints.push([`linear-gradient(${tint}, ${tint})`, `100% calc(100% - ${pad}px)`, "0 0", "no-repeat"]);
    }
    for (const [img, sz, pos, rep] of [...lines, ...tints]) {
      image.push(img); size.push(sz); position.push(pos); repeat.push(rep);
    }
    cached = {
      image: image.join(", "), size: size.join(", "), position: position.join(", "),
      repeat: repeat.join(", "), names: names.join(" "),
    };
    this.styleCache.set(sig, cached);
    return cached;
  }

  // A text tag (CLAIM, SOURCE, HEDGE) before the first word of every mark: the second cue
  // after colour, and a click target that selects exactly that mark.
  drawTags(marks, selectedKey) {
    const sig = `${selectedKey}|${marks.map((m) => m.key).join(",")}`;
    if (sig === this.tagsSig) return; // cursor moves leave the tags alone
    this.tagsSig = sig;
    for (const old of this.textEl.querySelectorAll(".an-tag")) old.remove();
    const ordered = marks.filter((m) => m.lane >= 0 && m.i < m.j)
      .sort((x, y) => x.i - y.i || y.j - x.j || x.lane - y.lane);
    for (const m of ordered) {
      const tag = this.tagElement(m.label);
      tag.dataset.key = m.key;
      tag.setAttribute("aria-hidden", "true");
      tag.title = `${m.label.name}: click to select this mark`;
      if (m.key === selectedKey) tag.classList.add("an-tag-selected");
      this.tokEls[m.i].before(tag);
    }
  }

  drawBadges(feedback) {
    const sig = `${feedback.run}|${feedback.stale}|${(feedback.notes || []).length}`;
    if (sig === this.badgesSig) return;
    this.badgesSig = sig;
    for (const old of this.textEl.querySelectorAll(".an-badge")) old.remove();
    if (feedback.stale) return;
    (feedback.notes || []).forEach((note, n) => {
      const [i, j] = this.tokenRange(note.start, note.end);
      if (i >= j) return;
      const badge = this.badge(note.kind, note.headline);
      badge.dataset.note = String(n);
      badge.title = `${note.headline}: ${note.detail}`;
      this.tokEls[j - 1].after(badge);
    });
  }

  badge(kind, headline = "") {
    const outcome = OUTCOME[kind] || { sign: "•", word: kind };
    // an extra mark on a key item is not "not in key": too far off to count, or on an item
    // another mark already found
    const told = { "Not close enough": "not close enough", "Already found": "already found" };
    const word = kind === "extra" && told[headline] ? told[headline] : outcome.word;
    return h("span", { class: `an-badge an-badge-${kind}`, text: `${outcome.sign} ${word}` });
  }

  // Handles need layout; placing them in the next frame keeps the mouse-up handler free of
  // a forced synchronous layout of the whole article.
  scheduleHandles() {
    this.inNextFrame("handles", () => this.placeHandles());
  }

  placeHandles() {
    const key = this.preview ? this.preview.key : this.selected;
    const mark = this.preview ? this.preview.mark : this.findMark(key);
    const info = mark && this.markInfo(mark);
    if (!info || info.i >= info.j || !this.tokEls[info.i] || this.locked()) {
      this.handleStart.hidden = this.handleEnd.hidden = true;
      return;
    }
    const box = this.textEl.getBoundingClientRect();
    const first = this.tokEls[info.i].getBoundingClientRect();
    const last = this.tokEls[info.j - 1].getBoundingClientRect();
    // A round grip above each end of the mark (in the gap between lines, off the words),
    // with a thin stem down the mark's edge.
    const place = (handle, rect, x) => {
      handle.hidden = false;
      handle.style.left = `${x - box.left + this.textEl.scrollLeft - 6}px`;
      handle.style.top = `${rect.top - box.top + this.textEl.scrollTop - 12}px`;
      handle.style.setProperty("--an-stem", `${rect.height + 2}px`);
      handle.style.setProperty("--an-colour", info.label.colour);
    };
    place(this.handleStart, first, first.left);
    place(this.handleEnd, last, last.right);
  }

  updateControls() {
    const locked = this.locked();
    this.root.classList.toggle("an-locked", locked);
    this.textEl.setAttribute("aria-disabled", locked ? "true" : "false");
    this.undoButton.disabled = locked || !this.undoStack.length;
    this.redoButton.disabled = locked || !this.redoStack.length;
    this.deleteButton.disabled = locked || !this.selected;
    this.rangeButton.disabled = locked;
    this.rangeButton.setAttribute("aria-pressed", this.rangeMode ? "true" : "false");
    this.rangeButton.classList.toggle("an-armed", this.rangeMode);
    for (const [name, { button }] of this.labelButtons) {
      // dimmed, not disabled, before a name is given: a click says where the name goes
      if (locked) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
      button.setAttribute("aria-pressed", this.armed === name ? "true" : "false");
      button.classList.toggle("an-armed", this.armed === name);
    }
    this.root.dataset.selected = this.selected || "";
    this.root.dataset.pending = this.pending ? `${this.pending[0]}-${this.pending[1]}` : "";
    this.root.dataset.cursor = this.cursor === null ? "" : String(this.cursor);
    this.root.dataset.armed = this.armed || "";
    this.root.dataset.range = this.rangeMode ? "on" : "";
  }

  locked() {
    return !this.model.get("student");
  }

  // The student tried to mark before giving a name (a press or drag on the greyed text, a
  // label key). On a small screen the name field may be scrolled out of view (after
  // Shift+Enter, say): it is brought into view with the focus, and the notice under the
  // toolbar says why, read out as an alert.
  askForName() {
    if (this.nameForm.hidden) return;
    this.nameAsked = true;
    this.renderFeedback();
    this.nameInput.scrollIntoView({ block: "nearest" });
    this.nameInput.focus({ preventScroll: true });
  }

  // -- status, student, feedback -----------------------------------------------------------

  showSaving() {
    this.statusEl.className = "an-status an-status-saving";
    this.statusEl.textContent = "Saving…";
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      if (this.statusEl.textContent === "Saving…") this.showStalled();
    }, SAVE_TIMEOUT_MS);
  }

  // Python does not answer (the kernel was restarted or stopped): what to do
  showStalled() {
    this.stalled = true; // until Python answers, nothing else may say "Saved"
    this.retrySaving(false);
    this.statusEl.className = "an-status an-status-error";
    this.statusEl.textContent = "⚠ Not saved: Python is not answering (was the kernel restarted?). " +
      `${RUN_AGAIN} with the same name: the marks on this screen come back.`;
    this.announce(this.statusEl.textContent);
  }

  renderStatus() {
    const status = this.model.get("status") || "";
    const path = this.model.get("save_path") || "";
    this.statusEl.title = path ? `Your work is saved in ${path}` : "";
    this.saveHelp.textContent = path ? `Your work saves itself, after every change, in ${path}` : "";
    this.retrySaving(/^error:\s*could not save/.test(status));
    if (status === "saving" || this.stalled) return; // the "saved" that follows is what counts
    // a "saved" for an earlier change, while a later one is on its way: that one's follows
    if (status === "saved" && !sameMarks(this.marks(), this.model.get("saved_marks") || [])) return;
    clearTimeout(this.saveTimer);
    if (status === "saved") {
      this.statusEl.className = "an-status an-status-saved";
      this.statusEl.textContent = `✓ Saved${savedWhen(this.model.get("saved_at"))}`;
    } else if (status.startsWith("error")) {
      this.statusEl.className = "an-status an-status-error";
      this.statusEl.textContent = `⚠ Not saved: ${status.replace(/^error:\s*/, "")}`;
      this.announce(this.statusEl.textContent);
    } else {
      this.statusEl.className = "an-status";
      this.statusEl.textContent = this.model.get("student") ? "No marks yet" : "";
    }
  }

  // While Python says a save failed, it is asked to try again every few seconds: once the
  // folder can be written the status turns Saved, without the student changing anything.
  retrySaving(on) {
    if (!on) {
      clearInterval(this.retryTimer);
      this.retryTimer = null;
    } else if (!this.retryTimer) {
      // with no kernel behind the widget any more, no retry can work: say what to do instead
      this.retryTimer = setInterval(() => this.ask({ type: "save" }) || this.showStalled(), RETRY_SAVE_MS);
    }
  }

  renderStudent() {
    const student = this.model.get("student") || "";
    const lesson = this.model.get("lesson") || "";
    const locked = this.locked();
    if (locked || this.shownStudent !== student) this.changingName = false;
    if (!locked) this.nameAsked = false;
    this.shownStudent = student;
    const typing = this.nameForm.contains(document.activeElement);
    this.nameForm.hidden = !locked && !this.changingName;
    if (locked) this.offerName();
    if (typing && this.nameForm.hidden) { // Start pressed: marking can start, in the text
      this.textEl.focus();
      this.announce(`Hello ${student}: you can mark now. Arrows move between words, label keys mark; ` +
        "Escape leaves the text.");
    }
    this.studentEl.replaceChildren();
    const fixed = (this.model.get("options") || {}).fixed_student; // a JupyterHub login
    if (student) {
      this.studentEl.append("Student: ", h("strong", { class: "an-student-name", text: student }),
        ...(fixed ? [] : [" ", this.changeNameButton]));
    }
    if (lesson) this.studentEl.append(h("span", { class: "an-lesson", text: `${student ? " · " : ""}lesson ${lesson}` }));
    const options = this.model.get("options") || {};
    this.checkButton.hidden = !options.can_check;
    this.hintButton.hidden = !options.hints;
    this.renderStatus();
    this.updateControls();
  }

  // The name last typed in this kernel is offered in the name field, not used: the same
  // student goes on with one Enter (the field has the focus), the next one types their own,
  // and the first click into the field selects the offered name whole, so that typing replaces
  // it. The field takes the focus once, when the lesson's cell has run: not when the widget is
  // drawn again (shown twice, or a page reloaded), which would take it from where the student
  // is working.
  offerName() {
    const offered = this.model.get("offered_name") || "";
    if (!offered || this.offered) return;
    this.offered = true;
    this.nameInput.value = offered;
    this.offerWhole = true;
    if (this.model.get("offer_focused")) return;
    this.model.set("offer_focused", true);
    this.model.save_changes();
    const focus = (tries) => {
      if (!this.locked() || this.nameForm.hidden) return;
      if (!this.nameInput.isConnected || !this.nameInput.getClientRects().length) {
        if (tries > 0) requestAnimationFrame(() => focus(tries - 1)); // not on the page yet
        return;
      }
      this.nameInput.focus();
      this.nameInput.select();
    };
    focus(120);
  }

  renderFeedback() {
    const feedback = this.model.get("feedback") || {};
    const hints = this.model.get("hints") || [];
    const notice = this.model.get("notice") || "";
    const parts = [], notices = [];
    if (notice) notices.push(h("p", { class: "an-notice", role: "alert", text: notice }));
    const welcome = this.model.get("welcome") || "";
    if (welcome) notices.push(h("p", { class: "an-notice an-welcome", role: "status", text: welcome }));
    if (this.replyNotice) notices.push(h("p", { class: "an-notice", role: "alert", text: this.replyNotice }));
    const offered = this.model.get("offered_name") || "";
    const asked = this.locked() && offered && this.nameInput.value.trim() === offered;
    // read with the name field when it has the focus: "Your name, Ada Lovelace: Are you …";
    // after a try at marking without a name (askForName) the notice is an alert, and says so
    const tried = this.locked() && this.nameAsked;
    const first = tried ? "You cannot mark yet. " : "";
    if (asked) {
      notices.push(h("p", { class: "an-notice an-name-needed", id: `an-offered-${this.viewId}`, role: tried ? "alert" : null, text: `${first}Are you ${offered}? Press Start (or Enter) to go on with your work. Someone else: type your own name instead.` }));
      this.nameInput.setAttribute("aria-describedby", `an-offered-${this.viewId}`);
    } else if (this.locked()) {
      notices.push(h("p", { class: "an-notice an-name-needed", id: `an-name-needed-${this.viewId}`, role: tried ? "alert" : null, text: `${first}Type your name above and press Start: then you can mark, and your work is saved.` }));
      this.nameInput.setAttribute("aria-describedby", `an-name-needed-${this.viewId}`);
    } else {
      this.nameInput.removeAttribute("aria-describedby");
    }
    const options = this.model.get("options") || {};
    if (options.draft_key) { // annotator new drafted the key and no one has reviewed it yet
      notices.push(h("p", { class: "an-notice an-draft-key", text: DRAFT_KEY }));
    }
    const offer = this.model.get("offer") || {};
    if (offer.count) {
      // the name was just put right: the marks saved under the misspelt one may come along
      const bring = h("button", { class: "an-button", type: "button", text: "Bring them here" });
      bring.onclick = () => this.ask({ type: "bring" }); // the button goes with its notice
      const marks = offer.count === 1 ? "1 mark" : `${offer.count} marks`;
      notices.push(h("p", { class: "an-notice an-offer", role: "status" },
        `You have no marks as ${this.model.get("student")} yet. ${marks} you saved as “${offer.from}” ` +
        `${offer.count === 1 ? "is" : "are"} in ${offer.file}. If that was you, with a typo in ` +
        "your name: ", bring));
    }
    this.noticesEl.replaceChildren(...notices);
    this.checkButton.textContent = "Check";
    this.checkButton.disabled = this.locked();
    this.hintButton.disabled = this.locked();
    this.showAsking();
    if (feedback.summary !== undefined) parts.push(this.feedbackPanel(feedback));
    if (hints.length) {
      const list = h("ol", { class: "an-hint-list" });
      hints.forEach((item, n) => {
        list.append(h("li", { class: "an-hint-item", "data-hint": String(n), tabindex: "-1" },
          h("span", { class: "an-hint-text", text: item.text }), " ",
          this.showButton(h("q", { class: "an-quote", text: unquoted(item.quote) }), item)));
      });
      parts.push(h("div", { class: "an-hints" }, h("h4", { text: "Hints" }), list));
    }
    this.feedbackEl.replaceChildren(...parts);
    this.feedbackEl.hidden = parts.length === 0;
  }

  feedbackPanel(feedback) {
    const panel = h("div", { class: "an-results" });
    panel.append(h("h4", { class: "an-results-heading", tabindex: "-1", text: "Check" }));
    if (feedback.stale) {
      panel.append(h("p", { class: "an-stale", text: "You changed your marks since this check: press Check again to update it." }));
    }
    if ((this.model.get("options") || {}).draft_key) panel.append(h("p", { class: "an-stale", text: DRAFT_KEY }));
    panel.append(h("p", { class: "an-summary", text: feedback.summary }));
    const table = h("table", { class: "an-scores" },
      h("thead", {}, h("tr", {}, ...["Label", "Precision", "Recall", "F1"].map((t) => h("th", { scope: "col", text: t })))));
    const body = h("tbody");
    for (const row of [...(feedback.labels || []), { label: "overall", ...(feedback.overall || {}) }]) {
      body.append(h("tr", { "data-label": row.label },
        h("th", { scope: "row", text: row.label }),
        h("td", { text: fmt(row.precision) }), h("td", { text: fmt(row.recall) }), h("td", { text: fmt(row.f1) })));
    }
    table.append(body);
    panel.append(table);
    panel.append(h("details", { class: "an-scores-help" },
      h("summary", { text: "What do these numbers mean?" }),
      h("ul", {},
        h("li", { text: "Precision: of the marks you made, the share that match the answer key. Low precision: you marked things that are not in the key." }),
        h("li", { text: "Recall: of the things in the answer key, the share you found. Low recall: you missed some." }),
        h("li", { text: "F1: precision and recall together in one number. 1.00 is perfect; 0.00 means nothing matched." }))));
    const list = h("ol", { class: "an-notes" });
    (feedback.notes || []).forEach((note, n) => {
      const label = this.labelByName.get(note.label);
      list.append(h("li", {
        class: `an-note an-note-${note.kind}`, "data-note": String(n), "data-kind": note.kind,
        "data-item": note.item || "", tabindex: "-1",
      },
      h("div", { class: "an-note-head" }, this.badge(note.kind, note.headline), " ",
        h("strong", { class: "an-headline", text: note.headline }), " ",
        label ? this.tagElement(label) : h("span", { text: note.label }), " ",
        this.showButton(h("q", { class: "an-quote", text: unquoted(shorten(note.quote)), title: note.quote }), note)),
      h("p", { class: "an-detail", text: note.detail }),
      note.why ? h("p", { class: "an-why" }, h("strong", { text: "Why: " }), note.why) : null));
    });
    panel.append(list);
    return panel;
  }

  // The quote of a note or hint is a button (Enter and Space work) that shows it in the text.
  showButton(quote, source) {
    if (!(source.end > source.start)) return quote;
    return h("button", {
      class: "an-show", type: "button", "data-lm-suppress-shortcuts": "true",
      title: "Show these words in the text",
    }, quote);
  }

  onFeedbackClick(e) {
    const item = e.target.closest(".an-note, .an-hint-item");
    if (!item) return;
    const feedback = this.model.get("feedback") || {};
    const source = item.classList.contains("an-note")
      ? (feedback.notes || [])[Number(item.dataset.note)]
      : (this.model.get("hints") || [])[Number(item.dataset.hint)];
    if (!source) return;
    const [i, j] = this.tokenRange(source.start, source.end);
    if (i >= j) return;
    this.tokEls[i].scrollIntoView({ block: "center", behavior: "smooth" });
    if (e.detail === 0 && !this.locked()) { // Enter or Space: the keyboard goes to the words too
      this.pending = null;
      this.selected = null;
      this.cursor = this.anchor = this.isWord(i) ? i : (this.nextWord(i, 1) ?? i);
      this.textEl.focus({ preventScroll: true });
      this.paint();
      this.announce(`In the text: ${this.describeWord(this.cursor)}`);
    }
    for (let k = i; k < j; k++) this.tokEls[k].classList.add("an-flash");
    setTimeout(() => { for (let k = i; k < j; k++) this.tokEls[k].classList.remove("an-flash"); }, 1500);
  }

  // Check and Hint wait for the kernel; with no answer (it stopped or restarted) the student
  // is told so, and the answer, when it comes, is scrolled into view.
  awaitReply(kind) {
    this.awaiting = kind;
    this.showAsking();
    clearTimeout(this.replyTimer);
    this.replyTimer = setTimeout(() => {
      this.awaiting = null;
      this.showAsking();
      this.replyNotice = "No answer from Python: is the kernel running? If it stopped or was restarted, " +
        `${RUN_AGAIN.toLowerCase()} and give the same name: the marks on this screen come back.`;
      this.renderFeedback();
    }, REPLY_TIMEOUT_MS);
  }

  // Check or Hint asked, and no answer yet: both buttons wait for it (a double-click on Hint
  // revealed two hints; lesson 4 hides what was missed)
  asking() {
    return this.awaiting === "check" || this.awaiting === "hint";
  }

  showAsking() {
    const busy = this.asking() ? "true" : null;
    for (const button of [this.checkButton, this.hintButton]) {
      if (busy) button.setAttribute("aria-disabled", busy);
      else button.removeAttribute("aria-disabled");
    }
  }

  // A message to Python; with no kernel behind the widget any more, sending can fail
  // outright: the awaited answer's timer then tells the student what to do.
  ask(message) {
    try {
      this.model.send(message);
      return true;
    } catch (err) {
      console.warn("annotator: no kernel to send to", err);
      return false;
    }
  }

  replied(kind) {
    if (kind && this.awaiting && kind !== this.awaiting) return; // another answer is awaited
    clearTimeout(this.replyTimer);
    const was = this.awaiting;
    this.awaiting = null;
    this.showAsking();
    if (this.replyNotice) {
      this.replyNotice = "";
      this.renderFeedback();
    }
    if (!was || (kind && kind !== was)) return;
    // the focus follows the answer, so that it is never left on a button scrolled out of view
    const ours = this.root.contains(document.activeElement) || document.activeElement === document.body;
    if (was === "check") {
      const panel = this.feedbackEl.querySelector(".an-results");
      if (!panel) return;
      panel.scrollIntoView({ block: "nearest" });
      if (ours) panel.querySelector(".an-results-heading").focus({ preventScroll: true });
      this.announce(`Checked. ${(this.model.get("feedback") || {}).summary || ""}`);
      return;
    }
    if (was !== "hint") return;
    const hints = this.model.get("hints") || [];
    const last = hints[hints.length - 1];
    if (!last) return;
    const [i, j] = this.tokenRange(last.start, last.end);
    if (i >= j) return;
    this.tokEls[i].scrollIntoView({ block: "center" });
    if (ours) { // the cursor waits at the hinted sentence's first word
      this.pending = null;
      this.selected = null;
      this.cursor = this.anchor = this.isWord(i) ? i : (this.nextWord(i, 1) ?? i);
      this.textEl.focus({ preventScroll: true });
      this.paint();
    }
    this.announce(`Hint: ${last.text} The cursor is at the start of the sentence: ${this.quote([last.start, last.end])}`);
  }

  announce(text) {
    this.liveEl.textContent = text;
  }

  // -- the toolbar -------------------------------------------------------------------------

  onToolbarClick(e) {
    const button = e.target.closest("button[data-action]");
    if (!button || button.disabled) return;
    const action = button.dataset.action;
    if (action === "label" && this.locked()) {
      this.askForName(); // the focus goes to the name field, not back to the text
      return;
    }
    if (action === "label") this.applyLabel(button.dataset.label, true);
    else if (action === "undo") this.undo();
    else if (action === "redo") this.redo();
    else if (action === "delete") this.remove(this.selected);
    else if (action === "range") {
      this.rangeMode = !this.rangeMode;
      this.announce(this.rangeMode
        ? "Range on: click or tap the first word, then the last word, then a label."
        : "Range off: a click or tap selects one word.");
      this.paint();
    } else if (this.asking() && (action === "check" || action === "hint")) {
      return; // a second press (a double-click) waits for the first one's answer
    } else if (action === "check") {
      button.textContent = "Checking…";
      this.awaitReply("check");
      this.ask({ type: "check" });
    } else if (action === "hint") {
      this.awaitReply("hint");
      this.ask({ type: "hint" });
    }
    if (action !== "check" && action !== "hint") this.textEl.focus({ preventScroll: true });
  }

  // A label key or button: marks the pending selection, relabels the selected mark, or
  // (from the toolbar, with nothing selected) arms the label for the next mouse selection.
  applyLabel(name, fromToolbar) {
    if (this.locked()) return;
    if (fromToolbar && this.armed && !this.pending) { // a label is on: its button switches it
      this.armed = this.armed === name ? null : name;
      this.announce(this.armed ? `${name} is now on: every word or words you select next are marked as ${name}.` : `${name} is off.`);
      this.updateControls();
      return;
    }
    if (this.pending) this.create(this.pending, name);
    else if (this.selected) this.relabel(this.selected, name);
    else if (fromToolbar) {
      this.armed = this.armed === name ? null : name;
      this.announce(this.armed ? `Nothing was selected, so ${name} is now on: every word or words you select next are marked as ${name}. Click ${name} again to stop.` : `${name} is off.`);
      this.updateControls();
    } else if (this.cursor !== null) this.create([this.cursor, this.cursor], name);
  }

  // -- the mouse ---------------------------------------------------------------------------

  onMouseDown(e) {
    if (e.button !== 0) return;
    // the text box's own scrollbar scrolls it, as anywhere else
    if (e.target === this.textEl && e.offsetX >= this.textEl.clientWidth) return;
    const handle = e.target.closest(".an-handle");
    if (handle && this.selected) {
      e.preventDefault();
      e.stopPropagation();
      this.startResize(handle === this.handleStart ? "start" : "end");
      return;
    }
    const tag = e.target.closest(".an-tag");
    if (tag && tag.dataset.key) {
      e.preventDefault();
      this.textEl.focus({ preventScroll: true });
      this.select(tag.dataset.key);
      return;
    }
    if (e.target.closest(".an-badge")) {
      e.preventDefault();
      const row = this.feedbackEl.querySelector(`.an-note[data-note="${Number(e.target.closest(".an-badge").dataset.note)}"]`);
      if (row) {
        row.scrollIntoView({ block: "nearest" });
        (row.querySelector(".an-show") || row).focus({ preventScroll: true });
      }
      return;
    }
    if (this.locked()) { // nothing can be marked yet: say so where the name goes
      e.preventDefault();
      this.askForName();
      return;
    }
    // Shift+click extends the selection to the word: the browser must not select text itself
    if (e.shiftKey && e.target.closest(".an-tok, .an-sp")) e.preventDefault();
    this.endPointer();
    if (!e.shiftKey && e.detail < 3) { // a press, a drag or a double-click: the widget's own
      this.startSweep(e);
      return;
    }
    const up = (ev) => { this.endPointer(); this.onMouseUp(ev); };
    document.addEventListener("mouseup", up, true);
    this.pointerCleanup = () => document.removeEventListener("mouseup", up, true);
  }

  endPointer() {
    if (this.pointerCleanup) this.pointerCleanup();
    this.pointerCleanup = null;
  }

  // -- a drag across words -----------------------------------------------------------------
  //
  // The widget selects words itself while the mouse is held: the browser's own text selection
  // scrolled the text box, then the whole notebook, ever faster while the pointer was held
  // below the box (on JupyterLab's status bar, say), and a release outside the window ended
  // the selection at the article's start. Here the selection runs from the word pressed to
  // the word under the pointer; just beyond the top or bottom of the part of the box in view
  // the box (never the notebook) scrolls gently, a line or so at a time; further away, or
  // outside the window, the selection stays where it was, and letting go there keeps it.
  // A press between two words (on a space, or in the gap between two paragraphs) starts at
  // the word on the side the drag goes: the word after it going on, the word before it going
  // back ("North Korean", not "North Korean military", pressed after "Korean" and dragged back).

  startSweep(e) {
    e.preventDefault(); // no text selection by the browser, and none of its scrolling
    const selection = window.getSelection();
    if (selection) selection.removeAllRanges();
    this.textEl.focus({ preventScroll: true });
    const view = this.visibleBox();
    const from = view && this.tokenUnder(e.clientX, e.clientY, view, null);
    const sweep = {
      x0: e.clientX, y0: e.clientY, x: e.clientX, y: e.clientY, moved: false, double: e.detail === 2,
      from, to: from, frame: null, last: 0,
      between: view ? this.betweenWords(e.clientX, e.clientY, view) : null,
    };
    this.sweep = sweep;
    const move = (ev) => {
      sweep.x = ev.clientX;
      sweep.y = ev.clientY;
      if (Math.abs(ev.clientX - sweep.x0) + Math.abs(ev.clientY - sweep.y0) >= 4) sweep.moved = true;
      if (sweep.moved) this.followSweep();
    };
    const scrolled = () => { if (sweep.moved) this.followSweep(); }; // a mouse wheel meanwhile
    const up = (ev) => {
      this.endPointer();
      const range = sweep.from === null || sweep.to === null ? null
        : this.trim(Math.min(sweep.from, sweep.to), Math.max(sweep.from, sweep.to));
      const ends = [sweep.from, sweep.to]; // where the drag was pressed and where it stopped
      if (sweep.moved) this.onMouseUp(ev, range, ends);
      else if (sweep.double && sweep.from !== null && ev.target.closest && ev.target.closest(".an-tok")) {
        this.onMouseUp(ev, range, ends); // a double-click selects the word, inside a mark too
      } else this.onMouseUp(ev);
    };
    document.addEventListener("mousemove", move, true);
    document.addEventListener("mouseup", up, true);
    this.textEl.addEventListener("scroll", scrolled);
    this.pointerCleanup = () => {
      document.removeEventListener("mousemove", move, true);
      document.removeEventListener("mouseup", up, true);
      this.textEl.removeEventListener("scroll", scrolled);
      if (sweep.frame !== null) cancelAnimationFrame(sweep.frame);
      if (this.sweep === sweep) this.sweep = null;
    };
  }

  // The selection follows the pointer (see startSweep); beyond an edge of the text in view it
  // asks for a scroll of the box.
  followSweep() {
    const sweep = this.sweep;
    const view = this.visibleBox();
    if (!sweep || !view) return;
    const beyond = this.beyondEdge(sweep, view);
    if (beyond === null) return; // far away, or outside the window: the selection stays as it was
    const between = sweep.between;
    const k = this.tokenUnder(sweep.x, sweep.y, view, between === null ? sweep.from : between);
    if (k !== null) {
      if (between !== null) sweep.from = k >= between ? between : between - 1; // see startSweep
      else if (sweep.from === null) sweep.from = k; // pressed where no word was in view
      sweep.to = k;
      this.pending = this.trim(Math.min(sweep.from, k), Math.max(sweep.from, k));
      this.paint();
    }
    if (beyond !== 0 && sweep.frame === null) {
      sweep.last = performance.now();
      sweep.frame = requestAnimationFrame((now) => this.sweepScroll(now));
    }
  }

  // One frame of the gentle scroll: faster the further beyond the edge, never over
  // SWEEP_SPEED px a second, and only while the pointer stays within SWEEP_EDGE_PX of it.
  sweepScroll(now) {
    const sweep = this.sweep;
    if (!sweep) return;
    sweep.frame = null;
    const view = this.visibleBox();
    if (!view) return;
    const beyond = this.beyondEdge(sweep, view);
    if (!beyond) return;
    const seconds = Math.min(now - sweep.last, 100) / 1000;
    sweep.last = now;
    const speed = SWEEP_SPEED * Math.min(1, 0.25 + Math.abs(beyond) / SWEEP_EDGE_PX);
    sweep.carry = (sweep.carry || 0) + Math.sign(beyond) * speed * seconds;
    const step = Math.trunc(sweep.carry);
    if (step) {
      sweep.carry -= step;
      this.textEl.scrollTop += step; // the box's scroll event moves the selection along
    }
    sweep.frame = requestAnimationFrame((t) => this.sweepScroll(t));
  }

  // How far the pointer is below (+) or above (-) the text in view, 0 when level with it, and
  // null when it is further than SWEEP_EDGE_PX away or outside the window.
  beyondEdge(sweep, view) {
    const { x, y } = sweep;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return null;
    const beyond = y > view.bottom ? y - view.bottom : y < view.top ? y - view.top : 0;
    return Math.abs(beyond) > SWEEP_EDGE_PX ? null : beyond;
  }

  // The word at a point, for a drag: the word under it, else (a space, a tag, a margin, or a
  // point beyond the edge of the text in view) the word nearest to it among those wholly in
  // view. A space goes with the word after it for a drag's start (``from`` null) or a drag
  // going back, else with the word before it.
  tokenUnder(x, y, view, from) {
    if (y >= view.top && y <= view.bottom && x >= view.left && x <= view.right) {
      const el = document.elementFromPoint(x, y);
      if (el && this.textEl.contains(el)) {
        const tok = el.closest("[data-i]");
        if (tok) return Number(tok.dataset.i);
        const space = el.closest("[data-s]");
        if (space) {
          const after = Number(space.dataset.s);
          return from === null || from >= after ? after : after - 1;
        }
      }
    }
    return this.tokenNear(x, y, view);
  }

  // A press between two words: the index of the word after the space pressed, or of the first
  // word of the paragraph below the gap pressed (the words' padding for the underlines reaches
  // into that gap: where the press landed is told from the paragraphs' boxes, not the element
  // there); null anywhere else.
  betweenWords(x, y, view) {
    if (y < view.top || y > view.bottom || x < view.left || x > view.right) return null;
    const paras = this.textEl.querySelectorAll(":scope > .an-para");
    for (let p = 1; p < paras.length && p < this.paragraphs.length; p++) {
      const above = paras[p - 1].getBoundingClientRect(), below = paras[p].getBoundingClientRect();
      if (y >= above.bottom && y < below.top) return this.paragraphs[p][0];
      if (below.top > y) break;
    }
    const el = document.elementFromPoint(x, y);
    const space = el && this.textEl.contains(el) && !el.closest("[data-i]") && el.closest("[data-s]");
    return space ? Number(space.dataset.s) : null;
  }

  // The end of a press in the text. ``swept``: the words a drag (or a double-click) went over,
  // as [a, b], or null when it found none, and ``ends``: the words pressed and let go on;
  // without them, a selection made by the browser (a triple-click) or else a click on a word.
  onMouseUp(e, swept, ends = null) {
    if (this.locked()) return;
    let tokens = swept;
    if (tokens === undefined) {
      const selection = window.getSelection();
      const range = selection && selection.rangeCount && !selection.isCollapsed ? selection.getRangeAt(0) : null;
      if (range && range.intersectsNode(this.textEl)) {
        tokens = this.rangeToTokens(range, e);
        selection.removeAllRanges();
      }
    }
    if (tokens !== undefined) {
      this.textEl.focus({ preventScroll: true });
      if (!tokens) {
        this.announce("Nothing to mark there: select at least one word.");
        this.replyNotice = "Nothing was marked: select at least one word, and let go of the mouse over the text.";
        this.renderFeedback();
        return;
      }
      if (this.armed) { this.create(tokens, this.armed); return; }
      this.selected = null;
      this.pending = tokens;
      // Shift+arrows go on from where the drag stopped, as after a Shift+click
      const clamp = (k) => Math.min(Math.max(k, tokens[0]), tokens[1]);
      const backward = ends && ends[0] !== null && ends[1] !== null && ends[1] < ends[0];
      this.anchor = backward ? clamp(ends[0]) : tokens[0];
      this.cursor = backward ? clamp(ends[1]) : tokens[1];
      this.announce(`Selected ${this.quote(this.spanOf(tokens[0], tokens[1], ""))}: ${this.selectionHint("press a label key")}.`);
      this.paint();
      return;
    }
    const tok = e.target.closest && e.target.closest(".an-tok");
    if (!tok || !this.textEl.contains(tok)) return;
    if (document.activeElement !== this.textEl) this.textEl.focus({ preventScroll: true });
    if (e.shiftKey || this.rangeMode) this.extendTo(Number(tok.dataset.i));
    else this.clickToken(Number(tok.dataset.i));
  }

  // What a selection is for, said after it.
  selectionHint(hint = "press a label key or click a label") {
    return hint;
  }

  // Shift+click, or a click with Range on: the selection runs from where it started (the
  // first word clicked, or the cursor) to this word. With Range on and nothing selected yet,
  // this word starts the selection.
  extendTo(k) {
    const from = this.pending ? this.anchor : this.rangeMode ? null : this.cursor;
    if (from === null || from === undefined) {
      this.selected = null;
      this.cursor = this.anchor = k;
      this.pending = this.trim(k, k);
      this.paint();
      this.announce(this.pending ? `From ${this.quote(this.spanOf(k, k, ""))}: now click or tap the last word.` : "");
      return;
    }
    const range = this.trim(Math.min(from, k), Math.max(from, k));
    if (range && this.armed) { this.create(range, this.armed); return; }
    this.selected = null;
    this.anchor = from;
    this.cursor = k;
    this.pending = range;
    this.paint();
    if (range) this.announce(`Selected ${this.quote(this.spanOf(range[0], range[1], ""))}: ${this.selectionHint()}.`);
  }

  // A click on a word selects the innermost mark there; clicking again selects the next
  // one out, so every mark of an overlap stays reachable. A bare word is selected (and with a
  // label on, marked at once): a click or tap and a label mark a word, no drag needed.
  clickToken(k) {
    const covering = this.sortedMarks().filter((m) => m.i <= k && k < m.j)
      .sort((x, y) => (x.j - x.i) - (y.j - y.i) || y.lane - x.lane);
    this.pending = null;
    this.cursor = k;
    this.anchor = k;
    if (!covering.length) { // a bare word is selected: a label (button or key) marks it
      this.selected = null;
      const word = this.trim(k, k);
      if (word && this.armed) { this.create(word, this.armed); return; }
      this.pending = word;
      this.paint();
      if (word) this.announce(`Selected ${this.quote(this.spanOf(k, k, ""))}: press a label key or click a label.`);
      return;
    }
    const at = covering.findIndex((m) => m.key === this.selected);
    this.select(covering[(at + 1) % covering.length].key);
  }

  select(key) {
    const mark = this.findMark(key);
    if (!mark) return;
    const info = this.markInfo(mark);
    this.selected = key;
    this.pending = null;
    this.cursor = info.i;
    this.anchor = info.i;
    this.paint();
    const sorted = this.sortedMarks();
    const n = sorted.findIndex((m) => m.key === key) + 1;
    this.announce(this.saySelected(mark, n, sorted.length));
  }

  saySelected(mark, n, total) {
    return `${mark[2]} ${n} of ${total}: ${this.quote(mark)}. Label keys relabel, Delete removes, Shift+arrows resize.`;
  }

  // Selection boundaries -> inclusive token range: a DOM position maps to the first token
  // after a start and the last token before an end, exactly like Article.token_range.
  // A drag let go below (or above) the part of the text the student can see, on JupyterLab's
  // status bar say, ends at the word nearest the pointer in view: not at the article's far end,
  // nor at words the browser scrolled past or the notebook panel hides.
  rangeToTokens(range, pointer = null) {
    const inside = (node) => this.textEl.contains(node);
    let a = inside(range.startContainer)
      ? this.boundaryToken(range.startContainer, range.startOffset, true) : 0;
    let b = inside(range.endContainer)
      ? this.boundaryToken(range.endContainer, range.endOffset, false) : this.n - 1;
    if (pointer) {
      const view = this.visibleBox();
      const y = pointer.clientY;
      if (!view) return null; // none of the text is in view: nothing the student could mean
      if (y > view.bottom || y < view.top) {
        const near = this.tokenNear(pointer.clientX, y, view);
        if (near === null) return null;
        if (y > view.bottom) b = Math.min(b, near);
        else a = Math.max(a, near);
      }
    }
    return a <= b ? this.trim(a, b) : null;
  }

  // The part of the text box in view: the box as the window and the notebook's scrolling
  // panels clip it; null when none of it is.
  visibleBox() {
    const box = this.textEl.getBoundingClientRect();
    let top = Math.max(box.top, 0), bottom = Math.min(box.bottom, window.innerHeight);
    for (let el = this.textEl.parentElement; el && el !== document.body; el = el.parentElement) {
      if (!/(auto|scroll|hidden|clip)/.test(getComputedStyle(el).overflowY)) continue;
      const clip = el.getBoundingClientRect();
      top = Math.max(top, clip.top);
      bottom = Math.min(bottom, clip.bottom);
    }
    return bottom > top ? { top, bottom, left: box.left, right: box.right } : null;
  }

  // The token nearest the point once it is moved inside ``view`` (see visibleBox).
  tokenNear(x, y, view) {
    const { top, bottom } = view;
    const cx = Math.min(Math.max(x, view.left + 2), view.right - 2);
    const cy = Math.min(Math.max(y, top + 2), bottom - 2);
    let best = null, distance = Infinity;
    for (let k = 0; k < this.n; k++) {
      const r = this.tokEls[k].getBoundingClientRect();
      if (r.bottom > bottom || r.top < top) continue; // only words wholly in view
      const dy = cy < r.top ? r.top - cy : cy > r.bottom ? cy - r.bottom : 0;
      const dx = cx < r.left ? r.left - cx : cx > r.right ? cx - r.right : 0;
      const d = dy * 1000 + dx; // the line first, then the place on it
      if (d < distance) { best = k; distance = d; }
    }
    return best;
  }

  boundaryToken(container, offset, isStart) {
    if (container.nodeType === Node.TEXT_NODE) {
      const parent = container.parentElement;
      if (parent && parent.dataset.i !== undefined) {
        const k = Number(parent.dataset.i);
        if (isStart) return offset >= container.length ? k + 1 : k;
        return offset <= 0 ? k - 1 : k;
      }
      return isStart ? this.tokenAfter(parent, true) : this.tokenBefore(parent, true);
    }
    if (isStart) {
      const child = container.childNodes[offset];
      return child ? this.tokenAfter(child, true) : this.tokenAfter(container, false);
    }
    const child = container.childNodes[offset - 1];
    return child ? this.tokenBefore(child, true) : this.tokenBefore(container, false);
  }

  tokenAfter(node, inclusive) {
    let n = inclusive ? node : this.following(node);
    while (n && this.textEl.contains(n)) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.dataset.i !== undefined) return Number(n.dataset.i);
        const inner = n.querySelector("[data-i]");
        if (inner) return Number(inner.dataset.i);
      }
      n = this.following(n);
    }
    return this.n;
  }

  tokenBefore(node, inclusive) {
    let n = inclusive ? node : this.preceding(node);
    while (n && this.textEl.contains(n)) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.dataset.i !== undefined) return Number(n.dataset.i);
        const inner = this.lastToken(n);
        if (inner !== null) return inner;
      }
      n = this.preceding(n);
    }
    return -1;
  }

  lastToken(el) {
    for (let c = el.lastElementChild; c; c = c.previousElementSibling) {
      if (c.dataset.i !== undefined) return Number(c.dataset.i);
      const inner = this.lastToken(c);
      if (inner !== null) return inner;
    }
    return null;
  }

  following(node) {
    while (node && node !== this.textEl) {
      if (node.nextSibling) return node.nextSibling;
      node = node.parentNode;
    }
    return null;
  }

  preceding(node) {
    while (node && node !== this.textEl) {
      if (node.previousSibling) return node.previousSibling;
      node = node.parentNode;
    }
    return null;
  }

  tokenAtPoint(x, y, edge) {
    const el = document.elementFromPoint(x, y);
    if (!el || !this.textEl.contains(el)) return null;
    const tok = el.closest("[data-i]");
    if (tok) return Number(tok.dataset.i);
    const space = el.closest("[data-s]");
    if (space) return edge === "end" ? Number(space.dataset.s) - 1 : Number(space.dataset.s);
    return null;
  }

  startResize(edge) {
    const mark = this.findMark(this.selected);
    if (!mark) return;
    const info = this.markInfo(mark);
    this.drag = { edge, key: info.key, mark, i: info.i, j: info.j };
    this.root.classList.add("an-resizing");
    const move = (ev) => {
      ev.preventDefault();
      const k = this.tokenAtPoint(ev.clientX, ev.clientY, edge);
      if (k === null) return;
      const d = this.drag;
      const range = edge === "end" ? this.trim(d.i, Math.max(k, d.i)) : this.trim(Math.min(k, d.j - 1), d.j - 1);
      if (!range) return;
      this.preview = { key: d.key, mark: this.spanOf(range[0], range[1], d.mark[2]) };
      this.paint();
    };
    const up = (ev) => {
      ev.preventDefault();
      document.removeEventListener("mousemove", move, true);
      document.removeEventListener("mouseup", up, true);
      this.root.classList.remove("an-resizing");
      const preview = this.preview;
      this.preview = null;
      this.drag = null;
      if (preview && markKey(preview.mark) !== preview.key) {
        this.replaceMark(preview.key, preview.mark, `${preview.mark[2]} is now ${this.quote(preview.mark)}`);
      } else this.paint();
    };
    document.addEventListener("mousemove", move, true);
    document.addEventListener("mouseup", up, true);
  }

  // -- the keyboard ------------------------------------------------------------------------

  onFocus() {
    this.root.classList.add("an-focused");
    if (this.cursor === null && this.n && !this.locked()) {
      this.cursor = this.anchor = this.isWord(0) ? 0 : (this.nextWord(0, 1) ?? 0);
      this.paint();
    }
  }

  onKeyDown(e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "s") {
      this.saveNotebook(e);
      return;
    }
    // Keys typed in the widget are the widget's: JupyterLab must not see them
    // (data-lm-suppress-shortcuts keeps its shortcuts away; this keeps its notebook away).
    if (e.target.closest("input, textarea")) {
      e.stopPropagation();
      return;
    }
    if (e.target.closest(".an-toolbar") && this.toolbarKey(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    // Label keys, Delete and undo change the article only from the text and the toolbar: a
    // "c" typed on the help or on a note must not mark a word the student cannot see.
    const inText = e.target === this.textEl || this.textEl.contains(e.target);
    const handled = inText ? this.textKey(e)
      : e.target.closest(".an-toolbar") ? this.commonKey(e) : false;
    if (handled) e.preventDefault();
    if (handled || e.key !== "Tab") e.stopPropagation();
  }

  // Ctrl+S (Cmd+S) saves the notebook, as it does everywhere else in JupyterLab: the marks
  // save themselves, but a student's written answers in the notebook do not. The widget keeps
  // JupyterLab's shortcuts away from its own keys, so the key is handed to the notebook as a
  // copy of itself, sent from outside the widget; the browser's "Save page as" never opens.
  saveNotebook(e) {
    this.forwardToNotebook(e);
    this.announce("Notebook saved. Your marks save themselves.");
  }

  forwardToNotebook(e) {
    e.preventDefault();
    e.stopPropagation();
    const outside = this.el.closest(".jp-Notebook") || this.el.closest(".jp-NotebookPanel") || document.body;
    const copy = new KeyboardEvent("keydown", {
      key: e.key, code: e.code, ctrlKey: e.ctrlKey, metaKey: e.metaKey,
      bubbles: true, cancelable: true, composed: true,
    });
    for (const legacy of ["keyCode", "which"]) Object.defineProperty(copy, legacy, { get: () => e[legacy] });
    outside.dispatchEvent(copy);
  }

  toolbarKey(e) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft" && e.key !== "Home" && e.key !== "End") return false;
    const buttons = [...this.toolbar.querySelectorAll("button")].filter((b) => !b.hidden && !b.disabled);
    if (!buttons.length) return false;
    let at = buttons.indexOf(e.target.closest("button"));
    if (e.key === "ArrowRight") at = (at + 1) % buttons.length;
    else if (e.key === "ArrowLeft") at = (at - 1 + buttons.length) % buttons.length;
    else at = e.key === "Home" ? 0 : buttons.length - 1;
    for (const b of buttons) b.tabIndex = -1;
    buttons[at].tabIndex = 0;
    buttons[at].focus();
    return true;
  }

  commonKey(e) {
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (this.locked()) return false;
    if (mod && !e.altKey && key === "z") { if (e.shiftKey) this.redo(); else this.undo(); return true; }
    if (mod && !e.altKey && key === "y") { this.redo(); return true; }
    if (!mod && !e.altKey && this.hotkeys.has(key)) {
      this.applyLabel(this.hotkeys.get(key), false);
      return true;
    }
    return false;
  }

  textKey(e) {
    if (this.locked()) { // a label key before the name is given: say where the name goes
      const plain = !(e.ctrlKey || e.metaKey || e.altKey);
      if (!plain || !this.hotkeys.has(e.key.toLowerCase())) return false;
      this.askForName();
      return true;
    }
    if (this.commonKey(e)) return true;
    const mod = e.ctrlKey || e.metaKey;
    switch (e.key) {
      case "ArrowRight":
      case "ArrowLeft": {
        const step = e.key === "ArrowRight" ? 1 : -1;
        if (this.selected && e.shiftKey) {
          this.resize(this.selected, e.altKey ? "start" : "end", step);
          return true;
        }
        if (mod || e.altKey) return false;
        this.moveCursor(this.nextWord(this.cursor ?? -step, step), e.shiftKey);
        return true;
      }
      case "ArrowDown":
      case "ArrowUp":
        if (mod || e.altKey) return false;
        this.moveCursor(this.lineNeighbour(e.key === "ArrowDown" ? 1 : -1), e.shiftKey);
        return true;
      case "Home":
      case "End": {
        if (this.cursor === null) return false;
        const [a, b] = this.paragraphs[this.paraOf[this.cursor]];
        const k = e.key === "Home" ? (this.isWord(a) ? a : this.nextWord(a, 1)) : (this.isWord(b - 1) ? b - 1 : this.nextWord(b - 1, -1));
        this.moveCursor(k, e.shiftKey);
        return true;
      }
      case "Tab":
        return this.focusMark(e.shiftKey ? -1 : 1);
      case "Delete":
      case "Backspace":
        if (!this.selected) return true;
        this.remove(this.selected);
        return true;
      case "Escape":
        if (!this.selected && !this.pending && !this.armed && !this.rangeMode) return this.leaveText();
        this.selected = null;
        this.pending = null;
        this.armed = null;
        this.rangeMode = false;
        this.anchor = this.cursor;
        this.paint();
        this.announce("Nothing selected. Escape again leaves the text.");
        return true;
      default:
        return false;
    }
  }

  // Escape with nothing selected: the focus goes to the first control after the text (a note's
  // button, or the notebook's next one), as one Tab would with no marks to visit.
  leaveText() {
    const candidates = document.querySelectorAll(
      "a[href], button, input, select, textarea, summary, [tabindex], [contenteditable='true']");
    for (const el of candidates) {
      if (el === this.textEl || this.textEl.contains(el) || el.disabled || el.tabIndex < 0) continue;
      if (!(this.textEl.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (!el.getClientRects().length) continue;
      if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
      el.focus();
      if (document.activeElement === el) return true; // JupyterLab's hidden heading links refuse it
    }
    return false;
  }

  moveCursor(k, extend) {
    if (k === null || k === undefined) return;
    const keep = this.picking ? this.selected : null; // author mode: the item being given a min or max
    if (extend) {
      if (this.anchor === null) this.anchor = this.cursor ?? k;
      this.cursor = k;
      this.selected = keep;
      this.pending = this.trim(Math.min(this.anchor, k), Math.max(this.anchor, k));
    } else {
      this.cursor = this.anchor = k;
      this.pending = null;
      this.selected = keep;
    }
    this.paint();
    this.tokEls[k].scrollIntoView({ block: "nearest" });
    this.announce(this.pending ? `Selected ${this.quote(this.spanOf(this.pending[0], this.pending[1], ""))}` : this.describeWord(k));
  }

  // The word on the next (or previous) visual line nearest to the cursor's x position.
  lineNeighbour(dir) {
    if (this.cursor === null) return this.nextWord(-1, 1);
    const from = this.tokEls[this.cursor].getBoundingClientRect();
    const x = from.left + from.width / 2;
    let best = null, bestDist = Infinity, lineTop = null;
    for (let k = this.cursor + dir, seen = 0; k >= 0 && k < this.n && seen < 600; k += dir, seen++) {
      if (!this.isWord(k)) continue;
      const r = this.tokEls[k].getBoundingClientRect();
      const beyond = dir > 0 ? r.top >= from.bottom - 1 : r.bottom <= from.top + 1;
      if (!beyond) continue;
      if (lineTop === null) lineTop = r.top;
      else if (Math.abs(r.top - lineTop) > 2) break;
      const dist = Math.abs(r.left + r.width / 2 - x);
      if (dist < bestDist) { best = k; bestDist = dist; }
    }
    return best;
  }

  // Tab moves to the next mark in reading order; past the last one it leaves the widget.
  focusMark(step) {
    const sorted = this.sortedMarks();
    if (!sorted.length) return false;
    let at = sorted.findIndex((m) => m.key === this.selected);
    if (at < 0) {
      const c = this.cursor ?? 0;
      at = step > 0 ? sorted.findIndex((m) => m.i >= c) - 1 : sorted.findIndex((m) => m.i >= c);
      if (step > 0 && at === -2) at = sorted.length - 1;
      if (step < 0 && at === -1) at = sorted.length;
    }
    const next = at + step;
    if (next < 0 || next >= sorted.length) {
      this.selected = null;
      this.paint();
      return false;
    }
    this.select(sorted[next].key);
    this.tokEls[sorted[next].i].scrollIntoView({ block: "nearest" });
    return true;
  }
}

// == author mode ==============================================================================
//
// The same view editing an answer key. The marks are the key's items (each carries its id), a
// panel edits the selected item, and Save writes the key file. Every edit goes to the kernel
// as an action on token indices ("add", "resize", "min", ...); the kernel applies it, checks
// the whole key with the key's own reader and sends the items back, then tells this view which
// item to select. Nothing here computes an offset or decides whether a key is valid.

const SOURCE_TYPE_NAMES = {
  named_person: "named person",
  named_organization: "named organisation",
  unnamed_described: "unnamed but described",
  vague: "vague",
  implicit: "implicit (no one named)",
};

class AuthorView extends AnnotatorView {
  build() {
    super.build();
    const suppress = { "data-lm-suppress-shortcuts": "true" };
    this.draftsOnly = false;
    this.panelSig = null;
    this.extentSig = null;
    this.extentEls = [];
    this.root.classList.add("an-author");
    this.root.dataset.mode = "author";

    this.renames = new Map(); // ids this view renamed, old -> new: the panel follows the item
    this.saveAsked = false; // this view pressed Save: its outcome is announced
    this.textEl.setAttribute("aria-label", "Article text of the answer key. Arrows move between words; " +
      "Shift+arrows select; a label key adds an item; Tab goes to the next item; Enter edits the selected item.");
    this.help.replaceChildren(
      h("summary", { text: "How to edit the key" }),
      h("ul", {},
        h("li", { text: "Click a mark (or its tag) to edit that item in the panel; Tab / Shift+Tab go to the next / previous item." }),
        h("li", { text: "Add an item: drag across words (or click one), then press a label key or click a label. Keyboard: click or Tab into the text; ←/→/↑/↓ move, Shift+←/→ select, then press a label key." }),
        h("li", { text: "Keyboard: Enter edits the selected item in the panel; Escape goes back to it in the text." }),
        h("li", { text: "Resize: drag the round handles of the selected item, or Shift+←/→ (end) and Shift+Alt+←/→ (start)." }),
        h("li", { text: "Min and max: select words in the text, then press Set min or Set max in the panel. Keyboard: press Choose min (or max) in the panel, select the words with Shift+arrows, then Enter (Escape cancels)." }),
        h("li", { text: "Drafts from annotator new: read the rule's reason, fix the item, then Accept it or Reject it." }),
        h("li", { text: "Delete removes the selected item; Ctrl+Z undoes, Ctrl+Shift+Z redoes." }),
        h("li", { text: "Nothing is written until you press Save key (or Ctrl+S)." })));

    this.saveButton = h("button", {
      class: "an-button an-save", type: "button", "data-act": "save", ...suppress, text: "Save key",
    });
    this.draftsEl = h("span", { class: "an-drafts", role: "status" });
    this.draftsOnlyBox = h("input", { type: "checkbox", class: "an-drafts-only", ...suppress });
    this.nextDraftButton = h("button", {
      class: "an-button", type: "button", "data-act": "next-draft", ...suppress, text: "Next draft →",
    });
    this.noticeEl = h("p", { class: "an-notice an-author-notice", role: "alert", hidden: true });
    this.authorBar = h("div", { class: "an-author-bar" },
      this.saveButton, this.statusEl, this.draftsEl,
      h("label", { class: "an-drafts-filter" }, this.draftsOnlyBox, " Show drafts only"),
      this.nextDraftButton);
    this.panel = h("aside", { class: "an-panel", "aria-label": "The selected key item", ...suppress });
    this.body = h("div", { class: "an-author-body" });
    this.toolbar.after(this.authorBar, this.noticeEl);
    this.textEl.before(this.body);
    this.body.append(this.textEl, this.panel);

    this.on(this.authorBar, "click", (e) => this.onAuthorClick(e));
    this.on(this.panel, "click", (e) => this.onAuthorClick(e));
    this.on(this.panel, "change", (e) => this.onPanelChange(e));
    // choosing a min or max ends when the keyboard leaves the text, unless for its Set button
    this.on(this.textEl, "blur", (e) => {
      if (!this.picking) return;
      const to = e.relatedTarget;
      if (to && to.dataset && to.dataset.act === `set-${this.picking.kind}`) return;
      this.endPick(false);
    });
    this.on(this.draftsOnlyBox, "change", () => {
      this.draftsOnly = this.draftsOnlyBox.checked;
      this.onMarksChanged();
    });
    this.listen("change:items", () => this.onMarksChanged());
    this.listen("msg:custom", (msg) => this.onCustom(msg));
  }

  locked() {
    return false;
  }

  get noun() {
    return "item";
  }

  saySelected(mark, n, total) {
    const item = this.itemById(mark[3]);
    const draft = item && item.draft ? " (draft)" : "";
    return `${mark[2]}${draft} ${n} of ${total}: ${this.quote(mark)}. Enter edits it; label keys relabel, Delete removes, Shift+arrows resize.`;
  }

  // -- the items as marks ------------------------------------------------------------------

  allItems() {
    return this.model.get("items") || [];
  }

  itemById(id) {
    return id ? this.allItems().find((item) => item.id === id) || null : null;
  }

  marks() {
    const items = this.allItems();
    if (this.marksFor !== items || this.marksFilter !== this.draftsOnly) {
      this.marksFor = items;
      this.marksFilter = this.draftsOnly;
      this.marksCache = items.filter((item) => !this.draftsOnly || item.draft)
        .map((item) => [item.start, item.end, item.label, item.id]);
    }
    return this.marksCache;
  }

  // -- edits: each one is an action for the kernel -----------------------------------------

  send(op, data = {}) {
    if (op !== "update") this.flushPanel();
    this.model.send({ type: "author", op, view: this.viewId, ...data });
  }

  create(range, labelName) {
    const trimmed = range && this.trim(range[0], range[1]);
    if (!this.labelByName.get(labelName) || !trimmed) {
      this.announce("Nothing to mark there: select at least one word.");
      return;
    }
    this.pending = null;
    this.cursor = this.anchor = trimmed[0];
    if (this.draftsOnly) { // a new item is no draft: show it
      this.draftsOnly = false;
      this.draftsOnlyBox.checked = false;
    }
    this.send("add", { tokens: trimmed, label: labelName });
    this.announce(`Adding a ${labelName} item: ${this.quote(this.spanOf(trimmed[0], trimmed[1], labelName))}`);
    this.paint();
  }

  replaceMark(key, mark, say) {
    const item = this.itemById(key);
    if (!item) return;
    if (mark[2] !== item.label) {
      this.send("relabel", { id: key, label: mark[2] });
    } else if (mark[0] !== item.start || mark[1] !== item.end) {
      const [i, j] = this.tokenRange(mark[0], mark[1]);
      this.send("resize", { id: key, tokens: [i, j - 1] });
    } else {
      this.paint();
      return;
    }
    if (say) this.announce(say);
  }

  remove(key) {
    const item = this.itemById(key);
    if (!item) return;
    const inPanel = this.panel.contains(document.activeElement);
    this.send("delete", { id: key });
    if (inPanel) this.backToText(false); // the panel empties: the keyboard goes on in the text
    this.announce(`${item.draft ? "Rejected the draft" : "Deleted"} ${item.label} ${this.quote([item.start, item.end])}.`);
  }

  undo() {
    const can = (this.model.get("options") || {}).can_undo;
    this.send("undo");
    this.announce(can ? "Undone" : "Nothing to undo");
  }

  redo() {
    const can = (this.model.get("options") || {}).can_redo;
    this.send("redo");
    this.announce(can ? "Redone" : "Nothing to redo");
  }

  saveKey() {
    this.saveAsked = true;
    this.send("save");
    this.showSaving();
  }

  onCustom(msg) {
    if (!msg || msg.type !== "select" || msg.view !== this.viewId) return;
    if (msg.id && msg.id === this.selected) return; // the item being edited: nothing new to say
    if (msg.id && this.findMark(msg.id)) {
      this.select(msg.id);
      const tok = this.tokEls[this.cursor];
      if (tok) tok.scrollIntoView({ block: "nearest" });
    } else {
      this.selected = null;
      this.paint();
    }
  }

  // The panel's item was renamed here: the selection (and the focus in the panel) follows it.
  onMarksChanged() {
    const ids = new Set(this.allItems().map((item) => item.id));
    const renamed = this.selected && !ids.has(this.selected) && this.renames.get(this.selected);
    const known = this.knownIds || new Set();
    this.knownIds = ids;
    if (renamed && ids.has(renamed) && !known.has(renamed)) { // the old id went, the new one came
      this.renames.delete(this.selected);
      if (this.picking && this.picking.id === this.selected) this.picking.id = renamed;
      this.selected = renamed;
      this.panel.dataset.item = renamed;
      this.announce(`The id is now ${renamed}.`);
    }
    super.onMarksChanged();
  }

  // Choosing a min or max ends when another item is selected (a click on its tag, say).
  select(key) {
    if (this.picking && key !== this.picking.id) this.picking = null;
    super.select(key);
  }

  // While a min or max is chosen, a click on a word chooses that word, even inside the item.
  clickToken(k) {
    if (!this.picking) {
      super.clickToken(k);
      return;
    }
    this.cursor = this.anchor = k;
    this.pending = this.trim(k, k);
    this.paint();
    if (this.pending) this.announce(`Selected ${this.quote(this.spanOf(k, k, ""))}: ${this.selectionHint()}.`);
  }

  selectionHint(hint) {
    return this.picking ? `Enter sets the ${this.picking.kind}` : super.selectionHint(hint);
  }

  // A new selection keeps the selected item, so that it can become the item's min or max.
  onMouseUp(e, swept, ends = null) {
    const before = this.selected;
    const selection = window.getSelection();
    const dragged = swept !== undefined || (selection && !selection.isCollapsed);
    super.onMouseUp(e, swept, ends);
    const keep = dragged || e.shiftKey || this.rangeMode || (this.picking && this.picking.id === before);
    if (this.pending && before && !this.selected && this.findMark(before) && keep) {
      this.selected = before;
      this.paint();
    }
  }

  // -- the keyboard ------------------------------------------------------------------------
  //
  // In the text: Enter takes the keyboard to the selected item's panel; Escape in the panel (or
  // the bar above the text) comes back. Choose min / Choose max in the panel let the keyboard
  // pick the words in the text (Shift+arrows, then Enter). Ctrl+S saves the key.

  onKeyDown(e) {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "s") { // the notebook, and the key
      this.forwardToNotebook(e);
      this.saveKey();
      return;
    }
    // keys typed in the panel and the author bar are theirs (text, checkboxes, selects)
    if (e.target.closest(".an-panel, .an-author-bar")) {
      if (e.key === "Escape" && !mod && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        this.backToText(true);
      }
      e.stopPropagation();
      return;
    }
    super.onKeyDown(e);
  }

  textKey(e) {
    if (this.picking) return this.pickKey(e);
    const plain = !(e.ctrlKey || e.metaKey || e.altKey || e.shiftKey);
    if (e.key === "Enter" && plain && this.itemById(this.selected)) {
      this.editInPanel();
      return true;
    }
    return super.textKey(e);
  }

  // The selected item's panel takes the keyboard: a draft's Accept (which reads the rule's
  // reason), else the item's id.
  editInPanel() {
    const item = this.itemById(this.selected);
    if (!item) return;
    this.renderPanel();
    const first = this.panel.querySelector("button[data-act='accept'], [data-field]");
    if (!first) return;
    first.focus();
    this.announce(`Editing ${item.label}${item.draft ? " (draft)" : ""} ${this.quote([item.start, item.end])}. Escape goes back to the text.`);
  }

  backToText(say) {
    const mark = this.findMark(this.selected);
    if (mark) this.cursor = this.anchor = this.markInfo(mark).i;
    this.textEl.focus({ preventScroll: true });
    const tok = this.cursor === null ? null : this.tokEls[this.cursor];
    if (tok) tok.scrollIntoView({ block: "nearest" });
    this.paint();
    if (!say) return;
    if (mark) this.announce(`Back in the text at ${mark[2]} ${this.quote(mark)}.`);
    else if (this.cursor !== null) this.announce(`Back in the text: ${this.describeWord(this.cursor)}`);
  }

  // Choose min / Choose max with nothing selected: the words are chosen in the text. The item
  // stays selected; its current min or max is selected to start from.
  startPick(kind) {
    const item = this.itemById(this.selected);
    if (!item) return;
    const [i, j] = this.tokenRange(item[kind][0], item[kind][1]);
    if (i >= j) return;
    this.picking = { kind, id: item.id };
    this.pending = this.trim(i, j - 1);
    this.anchor = this.pending ? this.pending[0] : i;
    this.cursor = this.pending ? this.pending[1] : i;
    this.textEl.focus({ preventScroll: true });
    this.tokEls[this.anchor].scrollIntoView({ block: "nearest" });
    this.paint();
    this.announce(`Choosing the ${kind} of ${item.label} ${this.quote([item.start, item.end])}: now ` +
      `${this.quote([item[kind][0], item[kind][1]])}. Arrows move, Shift+arrows select, Enter sets the ${kind}, Escape cancels.`);
  }

  pickKey(e) {
    const mod = e.ctrlKey || e.metaKey || e.altKey;
    switch (e.key) {
      case "ArrowRight":
      case "ArrowLeft": { // not the base's Shift+arrow, which resizes the selected item
        if (mod) return false;
        const step = e.key === "ArrowRight" ? 1 : -1;
        this.moveCursor(this.nextWord(this.cursor ?? -step, step), e.shiftKey);
        return true;
      }
      case "ArrowDown":
      case "ArrowUp":
      case "Home":
      case "End":
        return super.textKey(e);
      case "Enter":
        this.finishPick();
        return true;
      case "Escape":
        this.announce(`The ${this.endPick(true)} is unchanged.`);
        return true;
      case "Tab":
        this.endPick(false);
        return super.textKey(e);
      default:
        if (mod || !(e.key.length === 1 || e.key === "Delete" || e.key === "Backspace")) return false;
        this.announce(`Choosing the ${this.picking.kind}: Shift+arrows select, Enter sets it, Escape cancels.`);
        return true;
    }
  }

  finishPick() {
    const { kind, id } = this.picking;
    const range = this.pending || this.trim(this.cursor, this.cursor);
    if (range && this.itemById(id)) {
      this.send(kind, { id, tokens: range });
      this.announce(`Setting the ${kind} to ${this.quote(this.spanOf(range[0], range[1], ""))}.`);
    }
    this.endPick(true);
  }

  // Choosing ends: the item stays selected, and (toButton) the keyboard goes back to the
  // panel's button. Returns "min" or "max".
  endPick(toButton) {
    const { kind, id } = this.picking;
    this.picking = null;
    this.pending = null;
    this.selected = this.itemById(id) ? id : null;
    this.paint();
    const button = toButton && this.panel.querySelector(`button[data-act='set-${kind}']`);
    if (button) button.focus();
    return kind;
  }

  nextDraft() {
    const drafts = this.sortedMarks().filter((m) => (this.itemById(m.key) || {}).draft);
    if (!drafts.length) return;
    const at = drafts.findIndex((m) => m.key === this.selected);
    const from = this.cursor === null ? -1 : this.cursor;
    const next = at >= 0 ? drafts[(at + 1) % drafts.length] : drafts.find((m) => m.i > from) || drafts[0];
    this.textEl.focus({ preventScroll: true });
    this.select(next.key);
    this.tokEls[next.i].scrollIntoView({ block: "center" });
  }

  onAuthorClick(e) {
    const button = e.target.closest("button[data-act]");
    if (!button || button.disabled) return;
    const id = this.selected;
    const item = this.itemById(id);
    switch (button.dataset.act) {
      case "save":
        this.saveKey();
        break;
      case "next-draft":
        this.nextDraft();
        break;
      case "accept":
        this.send("accept", { id });
        if (item) this.announce(`Accepted ${item.label} ${this.quote([item.start, item.end])}.`);
        break;
      case "reject":
      case "delete":
        this.remove(id);
        break;
      case "set-min":
      case "set-max": {
        const kind = button.dataset.act.slice(4);
        if (!this.pending) { // nothing selected yet: choose the words in the text
          this.startPick(kind);
          return;
        }
        this.picking = null;
        this.send(kind, { id, tokens: this.pending });
        this.pending = null;
        this.paint();
        break;
      }
      case "reset":
        this.send("reset", { id });
        if (item) this.announce("Min and max are back to their defaults.");
        break;
      default:
    }
  }

  onPanelChange(e) {
    const el = e.target;
    const field = el.dataset.field;
    const item = this.itemById(this.selected);
    if (!field || !item) return;
    if (field === "label") this.send("relabel", { id: item.id, label: el.value });
    else if (field === "alt") {
      const alt = [...this.panel.querySelectorAll("input[data-field='alt']")]
        .filter((box) => box.checked).map((box) => box.dataset.label);
      this.send("update", { id: item.id, changes: { alt_labels: alt } });
    } else if (field === "required" || field === "interested_party") {
      this.send("update", { id: item.id, changes: { [field]: el.checked } });
    } else if (field === "source_type") {
      this.send("update", { id: item.id, changes: { source_type: el.value || null } });
    } else if (field === "id" || field === "why") {
      this.sendText(item, field, el.value);
    }
  }

  sendText(item, field, value) {
    if (field === "id" && value.trim() && value.trim() !== item.id) this.renames.set(item.id, value.trim());
    this.model.send({ type: "author", op: "update", view: this.viewId, id: item.id, changes: { [field]: value } });
  }

  // Text typed in the panel but not yet sent (no blur yet) goes before any other action.
  flushPanel() {
    const item = this.itemById(this.selected);
    if (!item || !this.panel) return;
    for (const el of this.panel.querySelectorAll("[data-field='id'], [data-field='why']")) {
      const field = el.dataset.field;
      if (el.value.trim() !== String(item[field]).trim()) this.sendText(item, field, el.value);
    }
  }

  // -- drawing -----------------------------------------------------------------------------

  paint() {
    const tags = this.tagsSig;
    super.paint();
    if (this.tagsSig !== tags) this.extentSig = null; // redrawn tags: redraw brackets around them
    this.paintExtents();
    this.renderDrafts();
    this.renderPanel();
  }

  renderArticle() {
    super.renderArticle();
    this.spaceText = (this.model.get("article") || {}).spaces || [];
    this.extentSig = null;
    this.extentEls = [];
  }

  // The selected item's max is drawn as a light tint around it and thin grey brackets, its
  // min as brackets in the label's colour (each only when it differs from the item's words).
  paintExtents() {
    const item = this.itemById(this.selected);
    const shown = item && this.findMark(item.id) ? item : null; // kept while a handle is dragged: no reflow
    const sig = shown ? JSON.stringify([shown.id, shown.start, shown.end, shown.min, shown.max]) : "";
    if (sig === this.extentSig) return;
    this.extentSig = sig;
    for (const el of this.extentEls) {
      if (el.classList.contains("an-ext")) el.remove();
      else el.classList.remove("an-ext-zone");
    }
    this.extentEls = [];
    if (!shown) return;
    const [si, sj] = this.tokenRange(shown.start, shown.end);
    const [xi, xj] = this.tokenRange(shown.max[0], shown.max[1]);
    const [ni, nj] = this.tokenRange(shown.min[0], shown.min[1]);
    if (si >= sj || xi >= xj || ni >= nj) return;
    const zone = (el) => {
      if (!el) return;
      el.classList.add("an-ext-zone");
      this.extentEls.push(el);
    };
    for (let k = xi; k < xj; k++) {
      if (k < si || k >= sj) zone(this.tokEls[k]);
      if (k > xi && !(k > si && k < sj)) zone(this.spEls[k]);
    }
    const colour = (this.labelByName.get(shown.label) || {}).colour || "#000000";
    const bracket = (kind, edge) => {
      const el = h("span", {
        class: `an-ext an-ext-${kind} an-ext-${kind}-${edge}`, "aria-hidden": "true",
        title: kind === "max" ? "max: the largest span that earns full credit" : "min: the smallest span that earns full credit",
      });
      if (kind === "min") el.style.setProperty("--an-colour", colour);
      this.extentEls.push(el);
      return el;
    };
    if (xi !== si || xj !== sj) {
      this.beforeTags(this.tokEls[xi]).before(bracket("max", "start"));
      this.tokEls[xj - 1].after(bracket("max", "end"));
    }
    if (ni !== si || nj !== sj) {
      this.tokEls[ni].before(bracket("min", "start"));
      this.tokEls[nj - 1].after(bracket("min", "end"));
    }
  }

  // The article's own text of a span (tokens and the spaces Python sent), long ones shortened.
  excerpt(start, end) {
    const [i, j] = this.tokenRange(start, end);
    const piece = (a, b) => {
      let text = "";
      for (let k = a; k < b; k++) text += (k > a ? this.spaceText[k] || "" : "") + this.tokEls[k].textContent;
      return text.replace(/\s+/g, " ");
    };
    return j - i > 18 ? `${piece(i, i + 9)} … ${piece(j - 6, j)}` : piece(i, j);
  }

  beforeTags(el) {
    let first = el;
    while (first.previousSibling && first.previousSibling.classList
      && first.previousSibling.classList.contains("an-tag")) first = first.previousSibling;
    return first;
  }

  renderDrafts() {
    const left = this.allItems().filter((item) => item.draft).length;
    this.draftsEl.textContent = left
      ? `${left} draft${left === 1 ? "" : "s"} still to review` : "No drafts to review";
    this.draftsEl.classList.toggle("an-drafts-left", left > 0);
    this.root.dataset.drafts = String(left);
    this.nextDraftButton.disabled = !left;
    this.draftsOnlyBox.disabled = !left && !this.draftsOnly;
  }

  renderPanel() {
    const item = this.itemById(this.selected);
    const picking = this.picking ? this.picking.kind : "";
    const sig = JSON.stringify([item, Boolean(this.pending), picking, this.model.get("notice") || "", this.draftsOnly]);
    if (sig === this.panelSig) return;
    this.panelSig = sig;
    const active = document.activeElement;
    const focused = active && this.panel.contains(active) && item && this.panel.dataset.item === item.id
      ? { field: active.dataset.field, act: active.dataset.act, label: active.dataset.label } : null;
    this.panel.replaceChildren(...(item ? this.itemPanel(item) : this.emptyPanel()));
    this.panel.dataset.item = item ? item.id : "";
    if (focused) {
      const selector = focused.field
        ? `[data-field='${focused.field}']${focused.label ? `[data-label='${CSS.escape(focused.label)}']` : ""}`
        : `[data-act='${focused.act}']`;
      // the control is gone or off (Accept once accepted, Reset once reset): the keyboard
      // stays in the panel, on its first field
      let again = this.panel.querySelector(selector);
      if (!again || again.disabled) again = this.panel.querySelector("[data-field]");
      if (again) again.focus({ preventScroll: true });
    }
  }

  emptyPanel() {
    const left = this.allItems().filter((item) => item.draft).length;
    return [
      h("h4", { class: "an-panel-title", text: "No item selected" }),
      h("ul", { class: "an-panel-tips" },
        h("li", { text: "Click a mark or its tag to edit that item." }),
        h("li", { text: "To add an item, select words and press a label key or click a label." }),
        left ? h("li", { text: `${left} drafted item${left === 1 ? "" : "s"} to review: press Next draft.` }) : null),
    ];
  }

  itemPanel(item) {
    const label = this.labelByName.get(item.label);
    const suppress = { "data-lm-suppress-shortcuts": "true" };
    const parts = [];
    parts.push(h("div", { class: "an-panel-head" },
      label ? this.tagElement(label) : null, " ",
      h("q", { class: "an-quote", text: unquoted(this.excerpt(item.start, item.end)) }),
      item.draft ? h("span", { class: "an-draft-flag", text: "draft" }) : null));
    if (item.draft) { // Accept and Reject read the rule's reason to a screen reader
      const reason = `an-reason-${this.viewId}`;
      parts.push(h("div", { class: "an-draft-box" },
        h("p", { id: reason }, h("strong", { text: "Suggested by a rule: " }), item.reason || "(no reason given)"),
        h("div", { class: "an-row" },
          h("button", { class: "an-button an-accept", type: "button", "data-act": "accept", "aria-describedby": reason, ...suppress, text: "✓ Accept" }),
          h("button", { class: "an-button an-reject", type: "button", "data-act": "reject", "aria-describedby": reason, ...suppress, text: "✗ Reject" }))));
    }
    const field = (name, ...controls) => h("label", { class: "an-field" },
      h("span", { class: "an-field-name", text: name }), ...controls);
    const check = (text, attrs) => h("label", { class: "an-check" },
      h("input", { type: "checkbox", ...suppress, ...attrs }), ` ${text}`);

    parts.push(field("Id", h("input", {
      type: "text", class: "an-input", "data-field": "id", value: item.id, spellcheck: "false", ...suppress,
    })));
    const labelSelect = h("select", { class: "an-input", "data-field": "label", ...suppress },
      ...this.labels.map((l) => h("option", { value: l.name, text: l.name })));
    labelSelect.value = item.label;
    parts.push(field("Label", labelSelect));
    parts.push(check("Required (unticked: optional, no credit and no penalty)",
      { "data-field": "required", checked: item.required }));
    const others = this.labels.filter((l) => l.name !== item.label);
    if (others.length) {
      parts.push(h("fieldset", { class: "an-alt" },
        h("legend", { text: "Also counts as" }),
        ...others.map((l) => check(l.name, {
          "data-field": "alt", "data-label": l.name, checked: item.alt_labels.includes(l.name),
        }))));
    }
    const countsAsSource = this.labelByName.has("source")
      && (item.label === "source" || item.alt_labels.includes("source"));
    if (countsAsSource) {
      const types = (this.model.get("options") || {}).source_types || Object.keys(SOURCE_TYPE_NAMES);
      const typeSelect = h("select", { class: "an-input", "data-field": "source_type", ...suppress },
        h("option", { value: "", text: "(not set)" }),
        ...types.map((t) => h("option", { value: t, text: SOURCE_TYPE_NAMES[t] || t })));
      typeSelect.value = item.source_type || "";
      parts.push(field("Source type", typeSelect));
      parts.push(check("Interested party (has a stake in the claim)",
        { "data-field": "interested_party", checked: item.interested_party }));
    }
    parts.push(field("Why (shown to students with their feedback)", h("textarea", {
      class: "an-input", "data-field": "why", rows: "5", ...suppress, text: item.why,
    })));

    // With words selected, Set min / Set max takes them; with none, Choose min / Choose max
    // takes the keyboard to the text to choose them (Shift+arrows, then Enter).
    const extent = (kind, span, isDefault, defaultText) => {
      const words = this.excerpt(span[0], span[1]);
      const name = `an-extent-${kind}-${this.viewId}`;
      return h("div", { class: `an-extent an-extent-${kind}`, "data-extent": kind },
        h("span", { class: `an-extent-name an-extent-name-${kind}`, text: kind }),
        h("span", { id: name }, h("q", { class: "an-quote", text: unquoted(words) }),
          isDefault ? h("span", { class: "an-extent-default", text: ` (${defaultText})` }) : null),
        h("button", {
          class: "an-button", type: "button", "data-act": `set-${kind}`, "aria-describedby": name, ...suppress,
          title: this.pending ? `The words selected in the text become the ${kind}`
            : `Choose the ${kind}'s words in the text: Shift+arrows select, Enter sets`,
          text: this.pending ? `Set ${kind} to selection` : `Choose ${kind} in the text`,
        }));
    };
    const tip = this.picking ? `Choosing the ${this.picking.kind} in the text: Shift+arrows select, Enter sets it, Escape cancels.`
      : this.pending ? "Selection ready." : "Select words, then Set; or Choose, then pick them in the text.";
    parts.push(h("div", { class: "an-extents" },
      extent("min", item.min, item.min_default, "the item's words"),
      extent("max", item.max, item.max_default, item.label === "claim" ? "the whole sentence" : "the item's words"),
      h("div", { class: "an-row" },
        h("button", {
          class: "an-button", type: "button", "data-act": "reset", ...suppress,
          disabled: item.min_default && item.max_default, text: "Reset min and max",
        }),
        h("span", { class: "an-extents-tip", text: tip }))));
    if (!item.draft) {
      parts.push(h("div", { class: "an-row an-panel-foot" },
        h("button", { class: "an-button an-delete-item", type: "button", "data-act": "delete", ...suppress, text: "Delete item" })));
    }
    return parts;
  }

  // -- status, head, notice ----------------------------------------------------------------

  renderStudent() {
    this.nameForm.hidden = true;
    this.checkButton.hidden = this.hintButton.hidden = true;
    const path = this.model.get("save_path") || "";
    this.studentEl.replaceChildren("Answer key: ",
      h("strong", { class: "an-key-path", text: path || "(no file)" }));
    this.renderStatus();
    this.updateControls();
  }

  renderStatus() {
    const status = this.model.get("status") || "";
    const path = this.model.get("save_path") || "";
    this.saveButton.title = path ? `Write the key to ${path}` : "";
    if (status === "saving") return;
    clearTimeout(this.saveTimer);
    let cls = "an-status", text = "No changes yet";
    if (status === "saved") {
      const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      cls = "an-status an-status-saved";
      text = `✓ Saved ${time}`;
    } else if (status === "unsaved") {
      cls = "an-status an-status-unsaved";
      text = "● Unsaved changes";
    } else if (status.startsWith("error")) {
      cls = "an-status an-status-error";
      text = "⚠ Not saved: see the message below";
    }
    this.statusEl.className = cls;
    this.statusEl.textContent = text;
    this.root.dataset.status = status.startsWith("error") ? "error" : status;
    if (this.saveAsked && (status === "saved" || status.startsWith("error"))) {
      this.saveAsked = false; // a refusal is read out by the notice (an alert)
      if (status === "saved") this.announce(`Key saved in ${path}.`);
    }
  }

  renderFeedback() {
    const notice = this.model.get("notice") || "";
    this.noticeEl.textContent = notice;
    this.noticeEl.hidden = !notice;
    this.feedbackEl.replaceChildren();
    this.feedbackEl.hidden = true;
    if (this.labelByName) this.renderPanel();
  }

  updateControls() {
    super.updateControls();
    const options = this.model.get("options") || {};
    this.undoButton.disabled = !options.can_undo;
    this.redoButton.disabled = !options.can_redo;
  }
}

export default {
  render({ model, el }) {
    const View = model.get("mode") === "author" ? AuthorView : AnnotatorView;
    const view = new View(model, el);
    return () => view.destroy();
  },
};
