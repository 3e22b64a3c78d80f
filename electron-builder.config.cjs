// Packaging for Linux (AppImage, deb), Windows (NSIS) and macOS (dmg) with electron-builder.
// Packages cannot be built on an offline machine (electron-builder downloads Electron); run
// `npm run package` where the network is available.
//
// Electron's fuses are burnt into the binary at packaging, so that a shipped Fieldbook cannot
// be turned into a general Node runtime or debugged into: no ELECTRON_RUN_AS_NODE, no
// NODE_OPTIONS, no --inspect; the app loads only from its app.asar, whose integrity is checked.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.fieldbook.desktop',
  productName: 'Fieldbook',
  copyright: 'Fieldbook contributors',
  directories: { output: 'dist', buildResources: 'resources' },
  // The built app only: main, preload and renderer are bundled, so no node_modules ship.
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!node_modules/**'],
  asar: true,
  npmRebuild: false,
  // Where an Electron build is already on disk (as for the tests), use it instead of downloading.
  ...(process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? { electronDist: process.env.ELECTRON_OVERRIDE_DIST_PATH }
    : {}),
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    synopsis: 'Offline research notebook for sources, notes and incidents',
  },
  deb: { priority: 'optional' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
  },
};
