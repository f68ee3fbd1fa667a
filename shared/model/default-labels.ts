// The label set a new document starts with.

import type { Label } from './types.js';

export const defaultLabels: readonly Label[] = [
  { id: 'claim', name: 'Claim', color: '#e8590c', description: 'An assertion the text makes', archived: false },
  { id: 'evidence', name: 'Evidence', color: '#2f9e44', description: 'Facts or sources that support or refute a claim', archived: false },
  { id: 'person', name: 'Person', color: '#1c7ed6', description: 'A named person', archived: false },
  { id: 'organisation', name: 'Organisation', color: '#7048e8', description: 'A named organisation or body', archived: false },
  { id: 'place', name: 'Place', color: '#0c8599', description: 'A named place', archived: false },
  { id: 'question', name: 'Question', color: '#e03131', description: 'Something to check or discuss', archived: false },
];
