// <earshot-widget>: the drop-in custom element. One <script src=".../earshot-widget.js"> is all a page needs.
// Each element creates its own canvas and its own instance of the widget module, so several can share a page.
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

  class EarshotWidget extends HTMLElement {
    connectedCallback() {
      if (this._started) return;
      this._started = true;
      if (!this.style.display) this.style.display = 'block';
      const canvas = document.createElement('canvas');
      canvas.style.width = '100%';
      canvas.style.height = '100%';
      canvas.style.display = 'block';
      canvas.tabIndex = 0;
      canvas.setAttribute('aria-label', 'earshot dashboard');
      this.appendChild(canvas);
      this.canvas = canvas;
      this.status = document.createElement('div');
      this.status.setAttribute('role', 'status');
      this.status.setAttribute('aria-live', 'polite');
      this.status.style.cssText = 'position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden';
      this.appendChild(this.status);
      this.status.textContent = 'earshot widget loading';
      loadModuleFactory()
        .then((factory) => factory({ canvas, print: (t) => console.log(t), printErr: (t) => console.warn(t) }))
        .then((mod) => {
          this.module = mod;
          this.dataset.ready = 'true';
          this.status.textContent = 'earshot widget ready';
          this.dispatchEvent(new CustomEvent('earshot-ready', { bubbles: true }));
        })
        .catch((err) => {
          this.dataset.error = String(err && err.message ? err.message : err);
          this.status.textContent = 'earshot widget failed to start: ' + this.dataset.error;
        });
    }
  }
  customElements.define('earshot-widget', EarshotWidget);
})();
