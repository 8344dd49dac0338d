// The page's chat: connects to /ws on the same host, shows every message the server
// broadcasts, sends what is typed. Plain browser JavaScript, served as it is.

const status = document.getElementById('status');
const messages = document.getElementById('messages');
const form = document.getElementById('send');
const input = document.getElementById('text');
const button = form.querySelector('button');

// Same host and port as the page; wss: when the page came over https.
const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const socket = new WebSocket(url);

function setConnected(connected, text) {
  status.textContent = text;
  input.disabled = !connected;
  button.disabled = !connected;
}

socket.addEventListener('open', () => setConnected(true, 'Connected.'));
socket.addEventListener('close', (event) =>
  setConnected(
    false,
    `Disconnected (${event.code}${event.reason ? `: ${event.reason}` : ''}). Reload to reconnect.`,
  ),
);
socket.addEventListener('message', (event) => {
  const item = document.createElement('li');
  // textContent, never innerHTML: a message is text from anyone, not markup.
  item.textContent = String(event.data);
  messages.append(item);
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (input.value.trim() === '') return;
  socket.send(input.value);
  input.value = '';
});
