// <earshot-widget>: the drop-in custom element. One <script src=".../earshot-widget.js"> is all a page needs:
//   <earshot-widget mode="agent|help|offline" server="ws://host:port" token="..." theme="dark|light" agent="ana">
// Each element creates its own canvas and its own instance of the widget module (own memory, own WebGL2 context),
// so several can share a page. Input is listened for on the element's own canvas only (never window-wide), the
// canvas backing store follows devicePixelRatio, and a ResizeObserver keeps it sized to the element's box.
// The essential content is mirrored into an off-screen DOM with ARIA live regions (screen readers, tests).
(function () {
  'use strict';
  if (customElements.get('earshot-widget')) return;
  const here = document.currentScript ? document.currentScript.src : location.href;
  const moduleUrl = new URL('earshot-widget-module.js', here).href;

  let loader = null;
  function loadModuleFactory() {
    if (window.createEarshotWidget) return Promise.resolve(window.createEarshotWidget);
    if (!loader) {
      loader = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = moduleUrl;
        s.async = true;
        s.onload = () => resolve(window.createEarshotWidget);
        s.onerror = () => reject(new Error('earshot: could not load ' + moduleUrl));
        document.head.appendChild(s);
      });
    }
    return loader;
  }

  const SR_ONLY = 'position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden;';
  // Keys the widget handles itself when its canvas has focus (so the page does not scroll on them).
  const NAV_KEYS = new Set([8, 13, 27, 32, 33, 34, 35, 36, 37, 38, 39, 40, 46, 191]);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** http(s) base URL of the server named by a ws(s):// (or http(s)://) attribute. */
  function httpBase(server) {
    if (!server) return '';
    try {
      const u = new URL(server, location.href);
      u.protocol = u.protocol === 'wss:' ? 'https:' : u.protocol === 'ws:' ? 'http:' : u.protocol;
      u.pathname = u.pathname.replace(/\/live\/?$/, '/');
      return u.href.replace(/\/$/, '');
    } catch (e) {
      return '';
    }
  }

  class EarshotWidget extends HTMLElement {
    static get observedAttributes() {
      return ['theme', 'server', 'token', 'agent', 'playbook'];
    }

    connectedCallback() {
      if (this._started) return;
      this._started = true;
      if (getComputedStyle(this).display === 'inline') this.style.display = 'block';
      if (getComputedStyle(this).position === 'static') this.style.position = 'relative';
      if (!this.style.minHeight && this.clientHeight < 40) this.style.minHeight = this.mode === 'help' ? '420px' : '480px';
      const canvas = document.createElement('canvas');
      canvas.style.cssText = 'width:100%;height:100%;display:block;outline:none;touch-action:none;';
      canvas.tabIndex = 0;
      canvas.setAttribute('role', 'application');
      canvas.setAttribute('aria-label', this.mode === 'help' ? 'earshot help: describe your problem' :
        'earshot dashboard. j and k move, r replies, e resolves, slash searches.');
      this.appendChild(canvas);
      this.canvas = canvas;
      this._buildMirror();
      this._fileInput = el('input', { type: 'file', accept: '.csv,.ndjson,.jsonl,.json,text/csv,application/json', style: 'display:none' });
      this._fileInput.addEventListener('change', () => {
        const f = this._fileInput.files && this._fileInput.files[0];
        if (f) this._readFile(f);
        this._fileInput.value = '';
      });
      this.appendChild(this._fileInput);
      this._announce('earshot widget loading');
      const t0 = performance.now();
      loadModuleFactory()
        .then((factory) => factory({
          canvas,
          earshotHost: this,
          locateFile: (p) => new URL(p, moduleUrl).href,
          print: (t) => console.log(t),
          printErr: (t) => console.warn(t),
        }))
        .then((mod) => {
          this.module = mod;
          const r = this._box();
          const ok = mod.start(this.mode, this.getAttribute('theme') || 'dark', this.getAttribute('server') || '',
            this.getAttribute('token') || '', this.getAttribute('agent') || 'agent', r.w, r.h, r.dpr);
          if (!ok) throw new Error('WebGL2 is not available in this browser');
          if (this.getAttribute('playbook')) mod.setOption('playbook', this.getAttribute('playbook'));
          this._wireInput();
          this._loadModels();
          this.loadMs = performance.now() - t0;
          this.dataset.ready = 'true';
          this._announce('earshot widget ready');
          this.dispatchEvent(new CustomEvent('earshot-ready', { bubbles: true }));
        })
        .catch((err) => {
          this.dataset.error = String(err && err.message ? err.message : err);
          this._announce('earshot widget failed to start: ' + this.dataset.error);
        });
    }

    disconnectedCallback() {
      if (this._resizeObserver) this._resizeObserver.disconnect();
    }

    attributeChangedCallback(name, _old, value) {
      if (this.module) this.module.setOption(name, value || '');
    }

    get mode() {
      const m = this.getAttribute('mode');
      return m === 'help' || m === 'offline' ? m : 'agent';
    }

    // ------------------------------------------------------------------ public API (pages, tests)
    /** The widget's current state (what the mirror shows), as a plain object. */
    state() {
      return this.module ? JSON.parse(this.module.state()) : null;
    }
    /** Runs a widget command: select, next, prev, resolve, pending, assign, reply-text, send-reply, search, help-text, tab. */
    command(name, arg) {
      return this.module ? this.module.command(String(name), arg === undefined ? '' : String(arg)) : false;
    }
    /** Feeds records or server events (objects or JSON text). */
    push(data) {
      if (this.module) this.module.pushJson(typeof data === 'string' ? data : JSON.stringify(data));
    }
    /** Offline mode: loads CSV/NDJSON text as if the file had been dropped. */
    loadText(name, text) {
      if (this.module) this.module.loadFile(String(name), String(text));
    }
    frameStats() {
      return this.module ? JSON.parse(this.module.frameStats()) : null;
    }

    // ------------------------------------------------------------------ sizing and input
    _box() {
      const rect = this.getBoundingClientRect();
      return { w: Math.max(1, rect.width), h: Math.max(1, rect.height), dpr: window.devicePixelRatio || 1 };
    }

    _wireInput() {
      const mod = this.module;
      const canvas = this.canvas;
      const resize = () => {
        const r = this._box();
        mod.resize(r.w, r.h, r.dpr);
      };
      this._resizeObserver = new ResizeObserver(resize);
      this._resizeObserver.observe(this);
      const watchDpr = () => {
        const mq = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
        mq.addEventListener('change', () => { resize(); watchDpr(); }, { once: true });
      };
      watchDpr();

      const pos = (e) => {
        const r = canvas.getBoundingClientRect();
        mod.pointer(e.clientX - r.left, e.clientY - r.top);
      };
      canvas.addEventListener('pointermove', pos);
      canvas.addEventListener('pointerdown', (e) => {
        canvas.focus({ preventScroll: true });
        pos(e);
        canvas.setPointerCapture(e.pointerId);
        mod.button(e.button === 2 ? 1 : e.button === 1 ? 2 : 0, true);
      });
      canvas.addEventListener('pointerup', (e) => {
        pos(e);
        mod.button(e.button === 2 ? 1 : e.button === 1 ? 2 : 0, false);
      });
      canvas.addEventListener('pointerleave', () => mod.pointer(-3.4e38, -3.4e38));
      canvas.addEventListener('contextmenu', (e) => e.preventDefault());
      canvas.addEventListener('wheel', (e) => {
        const scale = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 3 : 1 / 100;
        mod.wheel(-e.deltaX * scale, -e.deltaY * scale);
        e.preventDefault();
      }, { passive: false });
      canvas.addEventListener('focus', () => mod.focus(true));
      canvas.addEventListener('blur', () => mod.focus(false));
      canvas.addEventListener('keydown', (e) => {
        const wants = mod.wantsText();
        if (e.keyCode === 9 && !wants) return; // Tab leaves the widget unless a text field is active
        mod.key(e.keyCode, true, e.ctrlKey, e.shiftKey, e.altKey, e.metaKey);
        if (e.key && [...e.key].length === 1 && !e.ctrlKey && !e.metaKey && !(e.altKey && !e.key.match(/[^\x00-\x7f]/))) {
          mod.text(e.key);
          e.preventDefault();
        } else if (wants || NAV_KEYS.has(e.keyCode) || e.keyCode === 9) {
          if (!((e.ctrlKey || e.metaKey) && (e.keyCode === 86 || e.keyCode === 67 || e.keyCode === 88))) e.preventDefault();
        }
      });
      canvas.addEventListener('keyup', (e) => mod.key(e.keyCode, false, e.ctrlKey, e.shiftKey, e.altKey, e.metaKey));
      canvas.addEventListener('paste', (e) => {
        const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
        if (!text) return;
        e.preventDefault();
        if (mod.wantsText()) mod.text(text);
        else if (this.mode === 'offline') mod.loadFile('pasted.txt', text);
      });
      // Offline mode: drop a file anywhere on the element.
      this.addEventListener('dragover', (e) => {
        if (this.mode !== 'offline') return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      });
      this.addEventListener('drop', (e) => {
        if (this.mode !== 'offline') return;
        e.preventDefault();
        const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
        if (f) this._readFile(f);
        else if (e.dataTransfer && e.dataTransfer.getData('text/plain')) mod.loadFile('dropped.txt', e.dataTransfer.getData('text/plain'));
      });
    }

    /** Fetches the trained triage models (kept out of the wasm for download size) and hands them to the module. */
    _loadModels() {
      if (this.mode === 'agent' && this.getAttribute('server')) return; // the server triages in live mode
      for (const name of ['sentiment', 'complaint', 'category']) {
        fetch(new URL(`models/${name}.bin`, moduleUrl).href)
          .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error('HTTP ' + r.status))))
          .then((buf) => this.module.loadModel(name, new Uint8Array(buf)))
          .catch(() => { /* optional: triage falls back to rules */ });
      }
    }

    _readFile(file) {
      file.text().then((text) => this.module.loadFile(file.name, text))
        .catch((err) => this._announce('could not read ' + file.name + ': ' + err.message));
    }

    // ------------------------------------------------------------------ calls from the module (platform_web.cpp)
    _action(json) {
      const action = JSON.parse(json);
      this.dispatchEvent(new CustomEvent('earshot-action', { bubbles: true, detail: action }));
      const base = httpBase(this.getAttribute('server'));
      if (!base) return;
      const req = this._restFor(action);
      if (!req) return;
      fetch(base + req.path, {
        method: req.method,
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + (this.getAttribute('token') || '') },
        body: JSON.stringify(req.body),
      }).then(async (res) => {
        if (res.ok) return;
        let why = 'HTTP ' + res.status;
        try { why = (await res.json()).error.message || why; } catch (e) { /* keep the status */ }
        this._announce(`the server refused ${action.action}: ${why}`);
        this.dispatchEvent(new CustomEvent('earshot-error', { bubbles: true, detail: { action, status: res.status, message: why } }));
      }).catch((err) => this._announce(`could not reach the server for ${action.action}: ${err.message}`));
    }

    /**
     * Maps a widget action onto the server's REST API (docs/protocol.md). The help widget's "submit" has no server
     * endpoint: the host page handles the earshot-action event (e.g. with its own contact form).
     */
    _restFor(a) {
      if (this.mode !== 'agent') return null;
      const id = encodeURIComponent(a.id || '');
      switch (a.action) {
        case 'status': return { method: 'PATCH', path: `/api/mentions/${id}`, body: { status: a.status } };
        case 'assign': return { method: 'PATCH', path: `/api/mentions/${id}`, body: { assignee: a.assignee } };
        case 'reply': return { method: 'POST', path: `/api/mentions/${id}/replies`, body: { text: a.text, agent: this.getAttribute('agent') || undefined } };
        case 'incident-acknowledge': return { method: 'POST', path: `/api/incidents/${id}/acknowledge`, body: { agent: a.agent } };
        case 'incident-fix': return { method: 'POST', path: `/api/incidents/${id}/fix`, body: { note: a.note } };
        default: return null;
      }
    }

    _fetch(url, tag) {
      const base = httpBase(this.getAttribute('server'));
      const full = /^https?:/.test(url) ? url : base + url;
      fetch(full).then((r) => (r.ok ? r.text() : Promise.reject(new Error('HTTP ' + r.status))))
        .then((text) => this.module.fetched(tag, text))
        .catch(() => { /* the feed is optional; the widget shows "none reported" */ });
    }

    _download(name, mime, content) {
      const url = URL.createObjectURL(new Blob([content], { type: mime }));
      const a = el('a', { href: url, download: name });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      this.dispatchEvent(new CustomEvent('earshot-export', { bubbles: true, detail: { name, mime, content } }));
    }

    _pickFile() {
      this._fileInput.click();
    }

    /**
     * Text boxes (the help visitor's message, the agent's reply): real <textarea>s laid over the spots the widget
     * leaves for them, so the browser wraps lines and brings IME, mobile keyboards, spell-check and screen-reader
     * support. Geometry in CSS pixels from the canvas's top-left; w or h 0 hides one. Typing goes back as the
     * "<id>-input" command, Ctrl/Cmd+Enter as "<id>-submit"; Escape returns to the canvas (its shortcuts).
     */
    _placeField(id, x, y, w, h, px, color, background, border, placeholder, label) {
      this._fields = this._fields || new Map();
      let ta = this._fields.get(id);
      if (!ta) {
        ta = el('textarea', { 'data-part': `${id}-input`, 'aria-label': label, placeholder, maxlength: '5000', rows: '3', spellcheck: 'true' });
        ta.style.cssText = 'position:absolute;box-sizing:border-box;margin:0;resize:none;outline:none;border-radius:4px;' +
          'padding:6px 8px;line-height:1.35;overflow-y:auto;font-family:"DejaVu Sans",Verdana,system-ui,sans-serif;';
        ta.addEventListener('input', () => { if (this.module) this.module.command(`${id}-input`, ta.value); });
        ta.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            if (this.module) this.module.command(`${id}-submit`, '');
          } else if (e.key === 'Escape') {
            e.preventDefault();
            this.canvas.focus({ preventScroll: true });
          }
        });
        ta.addEventListener('focus', () => { ta.style.borderColor = ta._accent; });
        ta.addEventListener('blur', () => { ta.style.borderColor = 'transparent'; });
        this.appendChild(ta);
        this._fields.set(id, ta);
      }
      const key = [x, y, w, h, px, color, background, border, placeholder, label].join('|');
      if (ta._key === key) return;
      ta._key = key;
      ta._accent = border;
      const visible = w > 0 && h > 0;
      Object.assign(ta.style, {
        display: visible ? 'block' : 'none', left: `${this.canvas.offsetLeft + x}px`, top: `${this.canvas.offsetTop + y}px`,
        width: `${w}px`, height: `${h}px`, fontSize: `${px}px`, color, background,
        border: `1px solid ${document.activeElement === ta ? border : 'transparent'}`,
      });
      ta.placeholder = placeholder;
      ta.setAttribute('aria-label', label);
    }

    /** Hides the text boxes the widget did not place in the frame it just drew (comma-separated ids it did). */
    _keepFields(ids) {
      if (!this._fields) return;
      const keep = new Set(ids ? ids.split(',') : []);
      for (const [id, ta] of this._fields) {
        if (keep.has(id) || ta.style.display === 'none') continue;
        if (document.activeElement === ta) this.canvas.focus({ preventScroll: true });
        ta.style.display = 'none';
        ta._key = '';
      }
    }

    _setFieldValue(id, text) {
      const ta = this._fields && this._fields.get(id);
      if (ta && ta.value !== text) ta.value = text;
    }

    _focusField(id) {
      const ta = this._fields && this._fields.get(id);
      if (ta) ta.focus({ preventScroll: true });
    }

    // ------------------------------------------------------------------ the accessibility mirror
    _buildMirror() {
      const m = el('div', { 'data-part': 'mirror', style: SR_ONLY });
      this._parts = {
        status: el('div', { role: 'status', 'aria-live': 'polite', 'data-part': 'status' }),
        queue: el('ul', { 'aria-label': 'Mentions, most urgent first', 'data-part': 'queue' }),
        selected: el('section', { 'aria-label': 'Selected mention', 'aria-live': 'polite', 'data-part': 'selected' }),
        reply: el('section', { 'aria-label': 'Reply draft', 'data-part': 'reply' }),
        lint: el('ul', { 'aria-label': 'Reply check findings', 'aria-live': 'polite', 'data-part': 'lint' }),
        help: el('section', { 'aria-label': 'Help', 'aria-live': 'polite', 'data-part': 'help' }),
        known: el('ul', { 'aria-label': 'Known issues', 'aria-live': 'polite', 'data-part': 'known-issues' }),
        incidents: el('ul', { 'aria-label': 'Incidents', 'aria-live': 'polite', 'data-part': 'incidents' }),
        offline: el('div', { role: 'status', 'aria-live': 'polite', 'data-part': 'offline' }),
      };
      for (const k in this._parts) m.appendChild(this._parts[k]);
      this.appendChild(m);
    }

    _announce(text) {
      if (this._parts) this._parts.status.textContent = text;
    }

    _setList(ul, items) {
      const next = items.join('\n');
      if (ul._last === next) return;
      ul._last = next;
      ul.replaceChildren(...items.map((t) => el('li', {}, t)));
    }

    _setText(node, text) {
      if (node.textContent !== text) node.textContent = text;
    }

    _mirror(json) {
      const s = JSON.parse(json);
      this._lastState = s;
      const p = this._parts;
      if (s.mode === 'agent') {
        this._setText(p.status, `${s.connection}${s.connection_detail ? ' (' + s.connection_detail + ')' : ''}; ${s.shown} of ${s.total} mentions shown`);
      } else if (s.mode === 'offline') {
        this._setText(p.status, `offline; ${s.total} mentions loaded`);
        const o = s.offline;
        this._setText(p.offline, o.file ? `${o.file}: ${o.loaded} mentions, ${o.labeled} labeled, ${o.classified} classified. ${o.message}` : o.message);
      } else {
        this._setText(p.status, 'help');
      }
      this._setList(p.queue, (s.queue || []).map((q) =>
        `${q.author || 'anonymous'}: ${q.text} (${[q.category, q.sentiment, q.due !== '-' ? 'due ' + q.due : '', q.status].filter(Boolean).join(', ')})`));
      const sel = s.selected;
      this._setText(p.selected, sel ? `${sel.author || 'anonymous'} (${sel.followers} followers): ${sel.text}. ` +
        (sel.triage ? `${sel.triage.category}, ${sel.triage.sentiment}, urgency ${Math.round(sel.triage.urgency * 100)}, tier ${sel.triage.tier}, team ${sel.triage.team}, reply due ${sel.due}. ${sel.triage.explanation}` : 'not classified.') +
        ` Status ${sel.status}${sel.assignee ? ', assigned to ' + sel.assignee : ''}.` : 'No mention selected.');
      const r = s.reply;
      this._setText(p.reply, r ? `Draft: ${r.text}` + (r.lint ? ` Score ${Math.round(r.lint.score)}.` : '') : '');
      this._setList(p.lint, r && r.lint ? r.lint.findings.map((f) => `${f.severity}: ${f.message}`) : []);
      this._setList(p.known, s.known_issues || []);
      this._setList(p.incidents, (s.incidents || []).map((i) =>
        `${i.title || i.id}: ${i.status}, ${i.mentions} mentions${i.team ? ', team ' + i.team : ''}${i.fix_note ? '. Fix: ' + i.fix_note : ''}`));
      if (s.help) {
        const h = s.help;
        const parts = [];
        if (h.category) parts.push(`This looks like: ${h.category}.`);
        if (h.answer) parts.push(`${h.answer.title}. ${h.answer.body}`);
        if (h.respond_within_minutes) parts.push(`A person usually answers within ${h.respond_within_minutes} minutes.`);
        if (h.pii.length) parts.push(`Warning: your message contains personal data (${h.pii.map((x) => x.type).join(', ')}).`);
        if (h.submitted) parts.push('Sent.');
        this._setText(p.help, parts.join(' '));
      }
      this.dispatchEvent(new CustomEvent('earshot-state', { detail: s }));
    }
  }
  customElements.define('earshot-widget', EarshotWidget);
})();
