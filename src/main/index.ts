/**
 * Electron entry point: one hardened window showing the renderer from the app:// scheme.
 */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN, handleAppScheme, registerAppScheme } from './app-protocol';
import { hardenContents, hardenSession } from './security';
import { registerAppHandlers } from './ipc/app';
import { syncServers } from './sync-servers';
import { registerSnapshotHandlers } from './ipc/snapshots';
import { forwardLockSignals } from './lock';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Fieldbook',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

// Every web contents, the main window's included, gets the same guards as soon as it exists.
app.on('web-contents-created', (_event, contents) => hardenContents(contents));

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

app.whenReady().then(
  () => {
    const servers = syncServers(join(app.getPath('userData'), 'sync-servers.json'));
    hardenSession(() => servers.origins());
    handleAppScheme(join(__dirname, '../renderer'), () => servers.origins());
    registerAppHandlers(servers);
    registerSnapshotHandlers();
    forwardLockSignals();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  },
  (error: unknown) => {
    console.error('Fieldbook could not start:', error);
    app.exit(1);
  },
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
