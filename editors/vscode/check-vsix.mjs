// After `npm run package`: the .vsix holds the manifest, the compiled client, the grammar, the
// language configuration and the language client it loads. Exit 1 naming what is missing.
import yauzl from 'yauzl';

const want = [
  'extension/package.json',
  'extension/out/extension.js',
  'extension/out/server-command.js',
  'extension/syntaxes/tether.tmLanguage.json',
  'extension/language-configuration.json',
  'extension/node_modules/vscode-languageclient/package.json',
];
yauzl.open(
  new URL('./tether.vsix', import.meta.url).pathname,
  { lazyEntries: true },
  (error, zip) => {
    if (error) {
      console.error(`tether.vsix: ${error.message}`);
      process.exit(1);
    }
    const seen = new Set();
    zip.on('entry', (e) => {
      seen.add(e.fileName);
      zip.readEntry();
    });
    zip.on('end', () => {
      const missing = want.filter((f) => !seen.has(f));
      if (missing.length > 0) {
        console.error(`tether.vsix lacks ${missing.join(', ')}`);
        process.exit(1);
      }
      console.log(`tether.vsix: ${seen.size} files, the ${want.length} needed among them`);
    });
    zip.readEntry();
  },
);
