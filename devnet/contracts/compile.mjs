// Compiles every *.sol in this folder with solc-js (standard JSON) and writes <Name>.json per
// contract: { contractName, compiler, evmVersion, abi, bytecode, deployedBytecode }.
// Usage: node compile.mjs <solc module dir> <output dir>   (run by devnet/compile-contracts.sh)
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [solcDir, outDir] = process.argv.slice(2);
if (!solcDir || !outDir) {
  console.error('usage: node compile.mjs <solc module dir> <output dir>');
  process.exit(2);
}
const solc = createRequire(join(solcDir, 'package.json'))('solc');
const here = dirname(fileURLToPath(import.meta.url));
const EVM_VERSION = 'cancun';

const sources = {};
for (const f of readdirSync(here).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: readFileSync(join(here, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    // No metadata hash in the bytecode: output depends on the code, not on comments or paths.
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
for (const e of output.errors ?? []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);

for (const file of Object.keys(output.contracts).sort()) {
  for (const [name, c] of Object.entries(output.contracts[file]).sort()) {
    const json = {
      contractName: name,
      source: file,
      compiler: 'solc ' + solc.version(),
      evmVersion: EVM_VERSION,
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    writeFileSync(join(outDir, name + '.json'), JSON.stringify(json, null, 2) + '\n');
    console.error(`compiled ${file}:${name} (${c.evm.bytecode.object.length / 2} bytes)`);
  }
}
