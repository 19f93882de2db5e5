// MediaPipe assets for the video effects (issue 8): which files to ship, and a build-time patch
// that lets the face detector run under the app's Content-Security-Policy.
//
// Why the patch: face_detection's wasm glue (an older Emscripten build with embind) creates its
// JS<->C++ call adapters with `new Function(...)`, which a CSP without 'unsafe-eval' refuses.
// We replace the three code-generating helpers with equivalent closures (what Emscripten itself
// emits with -sDYNAMIC_EXECUTION=0), so the renderer's CSP only needs 'wasm-unsafe-eval'.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const MEDIAPIPE_PACKAGES = ['selfie_segmentation', 'face_detection'] as const;

/** Runtime files of one package (scripts, wasm, models, graphs), without docs and typings. */
export function mediapipeFiles(nodeModules: string, pkg: string): string[] {
  const dir = path.join(nodeModules, '@mediapipe', pkg);
  return readdirSync(dir).filter((f) => /\.(js|wasm|data|tflite|binarypb)$/.test(f) && f !== 'index.d.ts');
}

const NAMED_FUNCTION =
  'function createNamedFunction(name,body){var f=function(){"use strict";return body.apply(this,arguments)};' +
  'try{Object.defineProperty(f,"name",{value:makeLegalFunctionName(name)})}catch(e){}return f}';

const INVOKER =
  'function craftInvokerFunction(humanName,argTypes,classType,cppInvokerFunc,cppTargetFunc){var argCount=argTypes.length;' +
  'if(argCount<2){throwBindingError("argTypes array size mismatch! Must at least get return value and \'this\' types!")}' +
  'var isClassMethodFunc=argTypes[1]!==null&&classType!==null;var needsDestructorStack=false;' +
  'for(var i=1;i<argTypes.length;++i){if(argTypes[i]!==null&&argTypes[i].destructorFunction===undefined){needsDestructorStack=true;break}}' +
  'var returns=argTypes[0].name!=="void";var expected=argCount-2;' +
  'return function(){if(arguments.length!==expected){throwBindingError("function "+humanName+" called with "+arguments.length+" arguments, expected "+expected+" args!")}' +
  'var destructors=needsDestructorStack?[]:null;var wired=[cppTargetFunc];var thisWired;' +
  'if(isClassMethodFunc){thisWired=argTypes[1].toWireType(destructors,this);wired.push(thisWired)}' +
  'var argsWired=new Array(expected);for(var i=0;i<expected;++i){argsWired[i]=argTypes[i+2].toWireType(destructors,arguments[i]);wired.push(argsWired[i])}' +
  'var rv=cppInvokerFunc.apply(null,wired);' +
  'if(needsDestructorStack){runDestructors(destructors)}else{for(var i=isClassMethodFunc?1:2;i<argTypes.length;++i){var p=i===1?thisWired:argsWired[i-2];if(argTypes[i].destructorFunction!==null){argTypes[i].destructorFunction(p)}}}' +
  'if(returns){return argTypes[0].fromWireType(rv)}}}';

const METHOD_CALLER =
  'function __emval_get_method_caller(argCount,argTypes){var types=__emval_lookupTypes(argCount,argTypes);var retType=types[0];' +
  'var signatureName=retType.name+"_$"+types.slice(1).map(function(t){return t.name}).join("_")+"$";' +
  'var returnId=emval_registeredMethods[signatureName];if(returnId!==undefined){return returnId}' +
  'var invokerFunction=function(handle,name,destructors,args){var offset=0;var argv=new Array(argCount-1);' +
  'for(var i=0;i<argCount-1;++i){argv[i]=types[i+1].readValueFromPointer(args+offset);offset+=types[i+1]["argPackAdvance"]}' +
  'var rv=handle[name].apply(handle,argv);' +
  'for(var i=0;i<argCount-1;++i){if(types[i+1]["deleteObject"]){types[i+1].deleteObject(argv[i])}}' +
  'if(!retType.isVoid){return retType.toWireType(destructors,rv)}};' +
  'returnId=__emval_addMethodCaller(invokerFunction);emval_registeredMethods[signatureName]=returnId;return returnId}';

function replaceBetween(src: string, start: string, end: string, replacement: string): string {
  const i = src.indexOf(start);
  if (i < 0) return src;
  const j = src.indexOf(end, i);
  if (j < 0) throw new Error(`MediaPipe CSP patch: found "${start}" but not its end "${end}".`);
  return src.slice(0, i) + replacement + src.slice(j + end.length);
}

/** Removes embind's `new Function` code generation from a MediaPipe wasm glue script. */
export function patchEmbindForCsp(src: string): string {
  // Newer glue (selfie_segmentation) has no code generation: leave it untouched.
  if (!/new Function\(|new_\(Function/.test(src)) return src;
  let out = replaceBetween(src, 'function createNamedFunction(name,body){', '")(body)}', NAMED_FUNCTION);
  out = replaceBetween(out, 'function craftInvokerFunction(humanName,', 'return invokerFunction}', INVOKER);
  out = replaceBetween(out, 'function __emval_get_method_caller(argCount,argTypes){', 'emval_registeredMethods[signatureName]=returnId;return returnId}', METHOD_CALLER);
  if (/new Function\(|new_\(Function/.test(out)) throw new Error('MediaPipe CSP patch: dynamic code generation is still present (unknown glue version).');
  return out;
}

/** Reads one asset, patching wasm glue scripts; other files are returned as they are. */
export function readMediapipeAsset(nodeModules: string, pkg: string, file: string): Buffer {
  const full = path.join(nodeModules, '@mediapipe', pkg, file);
  if (/_wasm_bin\.js$/.test(file)) return Buffer.from(patchEmbindForCsp(readFileSync(full, 'utf8')));
  return readFileSync(full);
}
