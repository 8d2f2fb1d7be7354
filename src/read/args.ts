import { Matches } from 'class-validator';
import { AppError } from '../errors';
import { ID_PATTERN, labelOfId, type NodeLabel } from '../model/registry';

/**
 * Argument checks shared by every root field, so each refuses bad input with the same code and words:
 * BAD_USER_INPUT, naming the argument and the limit or the expected label.
 */
export function requireId(name: string, id: string, labels?: readonly NodeLabel[]): NodeLabel {
  if (id.length > 200 || !ID_PATTERN.test(id)) {
    throw new AppError(
      'BAD_USER_INPUT',
      `${name} must be an id of the form prefix:slug, e.g. park:baiyin-htz`,
    );
  }
  const label = labelOfId(id);
  if (!label || (labels && !labels.includes(label))) {
    throw new AppError(
      'BAD_USER_INPUT',
      `${name} must name a node of type ${(labels ?? ['any label']).join(' or ')}`,
    );
  }
  return label;
}

/** An integer argument within its limits, e.g. `first` or `depth`. */
export function requireRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AppError('BAD_USER_INPUT', `${name} must be between ${min} and ${max}`, { limit: max });
  }
  return value;
}

/** The class-validator rule for an id argument or input field: prefix:slug in lower-case ASCII. */
export const isNodeId = (options: { each?: boolean } = {}): PropertyDecorator =>
  Matches(ID_PATTERN, {
    ...options,
    message: `$property must be ${options.each ? 'ids' : 'an id'} of the form prefix:slug`,
  });
