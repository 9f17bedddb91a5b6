// The Download capture link: the page asks first whether the server can give the file as the page
// shows it, and says why not when it cannot, since a download the server refuses (409: the capture
// file was cut short under the page) the browser shows as nothing.
import { getJson } from './dom.js';

/** `refused`: told the server's reason (an ApiError carrying its message). */
export function checkBeforeDownload(link: HTMLAnchorElement, refused: (error: unknown) => void): void {
  // Set while the link is followed for real, once the check passed.
  let checked = false;
  link.addEventListener('click', (event) => {
    if (checked) {
      checked = false;
      return;
    }
    event.preventDefault();
    getJson<object>('/api/capture?check=1').then(() => {
      checked = true;
      link.click();
    }, refused);
  });
}
