// Page skeleton: loads the wasm core and says which build is running. The
// check form and results arrive with the check engine and the widget.
import { loadDaneel } from './daneel/dist/daneel.browser.mjs';

const status = document.getElementById('status');

try {
  const daneel = await loadDaneel();
  const info = daneel.buildInfo();
  status.textContent = `daneel ${info.daneel} geladen (Mbed TLS ${info.mbedtls}).`;
  status.dataset.state = 'ready';
} catch (error) {
  status.textContent = `De controle kon niet laden: ${error.message}`;
  status.dataset.state = 'error';
}
