// The one place the bundle imports the vscode module (see scripts/build.mjs): esbuild's
// interop copies the whole API object (some 400 properties) for every module that imports
// it; through this module it is copied once and the other modules share its namespace.
export * from 'vscode';
