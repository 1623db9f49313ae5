import { createContext } from 'react';
import type { StackCheck } from './model/stackCheck';

/** The findings, classes and views of the stack being edited, computed once per edit for every panel. */
export const StackCheckContext = createContext<StackCheck>({ findings: [], classes: {}, views: {} });
