// Runs inside the entry webview (CSP: this file only, by nonce). No inline handlers.
(function () {
  const vscode = acquireVsCodeApi();
  const entry = document.documentElement.getAttribute('data-entry');
  vscode.setState({ entry });
  document.addEventListener('click', (ev) => {
    const button = ev.target instanceof Element ? ev.target.closest('button.copy') : null;
    if (button) vscode.postMessage({ type: 'copy', diagnostic: button.getAttribute('data-diagnostic') });
  });
  const title = document.getElementById('title');
  vscode.postMessage({
    type: 'ready',
    title: title ? title.textContent : '',
    sections: Array.from(document.querySelectorAll('section[id]')).map((s) => s.id),
    copyButtons: document.querySelectorAll('button.copy').length,
  });
})();
