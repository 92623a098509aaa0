import { benchSandbox } from './sandbox.js';
const sb = benchSandbox({ apply: true });
const { saveArtifact } = await import('zenml');
await saveArtifact(new Float32Array(4), 'w');
const a = new Float32Array(268435456); for (let i = 0; i < a.length; i++) a[i] = (i % 1024) * 0.5;
const t = performance.now();
await saveArtifact(a, 'big');
console.error('save wall', (performance.now() - t).toFixed(0));
sb.dispose(); process.exit(0);
