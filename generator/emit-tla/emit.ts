// Renders the TLA+ module and cfg of a machine: tla/<Machine>.tla and tla/<Machine>.cfg.
// Deterministic (no dates, no absolute paths), LF line endings.

import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { IrMachine } from '../lower/ir.ts';
import { buildViews } from './view-model.ts';

const templateDir = new URL('./templates/', import.meta.url);

function template(name: string): HandlebarsTemplateDelegate {
  return Handlebars.compile(readFileSync(new URL(name, templateDir), 'utf8'), {
    noEscape: true,
    strict: true,
  });
}

const moduleTemplate = template('module.tla.hbs');
const cfgTemplate = template('model.cfg.hbs');

export interface TlaFiles {
  /** The module's name (names/tla.ts: the machine's, unless TLA+ reserves it). */
  readonly moduleName: string;
  readonly module: { readonly path: string; readonly content: string };
  readonly cfg: { readonly path: string; readonly content: string };
}

export function emitTla(ir: IrMachine, dir = 'tla'): TlaFiles {
  const views = buildViews(ir);
  const name = views.module.moduleName;
  return {
    moduleName: name,
    module: { path: `${dir}/${name}.tla`, content: moduleTemplate(views) },
    cfg: { path: `${dir}/${name}.cfg`, content: cfgTemplate(views) },
  };
}
