/**
 * What the browser bundle gives the model code in place of the `@tensorflow/tfjs` umbrella
 * (scripts/build-browser.mjs aliases it): tfjs-core's ops and the plain-JS `cpu` backend, without
 * layers, converter, data or WebGL, which inference never uses. Node keeps the umbrella.
 */
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
