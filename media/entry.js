// Runs inside the entry webview (CSP: this file only, by nonce). No inline handlers.
(function () {
  const vscode = acquireVsCodeApi();
  const entry = document.documentElement.getAttribute('data-entry');
  vscode.setState({ entry });
  document.addEventListener('click', (ev) => {
    const button = ev.target instanceof Element ? ev.target.closest('button.copy') : null;
    if (button) vscode.postMessage({ type: 'copy', diagnostic: button.getAttribute('data-diagnostic') });
    const run = ev.target instanceof Element ? ev.target.closest('button.run') : null;
    if (run) vscode.postMessage({ type: 'run', diagnostic: run.getAttribute('data-diagnostic') });
  });
  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (m && m.type === 'reveal') {
      const target = document.getElementById(m.anchor);
      if (!target) return;
      document.querySelectorAll('.revealed').forEach((el) => el.classList.remove('revealed'));
      target.classList.add('revealed');
      target.scrollIntoView({ block: 'start' });
      vscode.postMessage({ type: 'revealed', anchor: m.anchor });
    }
  });
  const title = document.getElementById('title');
  vscode.postMessage({
    type: 'ready',
    title: title ? title.textContent : '',
    sections: Array.from(document.querySelectorAll('section[id]')).map((s) => s.id),
    copyButtons: document.querySelectorAll('button.copy').length,
  });
})();
