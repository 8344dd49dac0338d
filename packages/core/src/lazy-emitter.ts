import { EventEmitter } from 'node:events';

/**
 * Puts EventEmitter's methods on a class's prototype, keeping the methods the class defines
 * itself. EventEmitter's methods create their state on first use, so instances skip its
 * constructor: most requests and responses never get a listener, and pay nothing for it.
 */
export function takeEmitterMethods(prototype: object): void {
  for (const name of Object.getOwnPropertyNames(EventEmitter.prototype)) {
    if (name !== 'constructor' && !Object.hasOwn(prototype, name)) {
      Object.defineProperty(
        prototype,
        name,
        Object.getOwnPropertyDescriptor(EventEmitter.prototype, name) ?? {},
      );
    }
  }
}

/** Emits `'close'` on an emitter: for `process.nextTick(emitClose, target)` without a closure. */
export function emitClose(target: EventEmitter): void {
  target.emit('close');
}
