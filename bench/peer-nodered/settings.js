// Node-RED settings of bench/peer-nodered.sh: headless (no editor, no HTTP nodes), no projects, no
// update check; the flow file and the user folder come from the command line.
module.exports = {
    httpAdminRoot: false,
    httpNodeRoot: false,
    uiHost: "127.0.0.1",
    uiPort: 0,
    credentialSecret: false,
    flowFilePretty: false,
    diagnostics: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    editorTheme: { projects: { enabled: false } },
    logging: { console: { level: "warn", metrics: false, audit: false } },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
};
