// Runs inside the runbook webview (CSP: this file only, by nonce).
(function () {
  const vscode = acquireVsCodeApi();
  const entry = document.documentElement.getAttribute('data-entry');
  vscode.setState({ entry });
  document.addEventListener('click', (ev) => {
    const button = ev.target instanceof Element ? ev.target.closest('button[data-action]') : null;
    if (!button) return;
    const answer = document.getElementById('answer');
    vscode.postMessage({ type: 'action', action: button.getAttribute('data-action'), value: answer ? answer.value : undefined, diagnostic: button.getAttribute('data-diagnostic') });
  });
  const current = document.getElementById('current');
  const conclusion = document.querySelector('#conclusion .outcome');
  vscode.postMessage({ type: 'ready', current: current ? current.getAttribute('data-step') : undefined, conclusion: conclusion ? conclusion.textContent : undefined });
  if (current) current.scrollIntoView({ block: 'center' });
})();
