export * from './central';
export * from './clinic';
