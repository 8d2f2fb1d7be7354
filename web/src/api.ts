/** The page's only way to the data: POST to the public GraphQL endpoint, like any client. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const endpoint = (): string => document.documentElement.dataset.graphql ?? '/graphql';

/** The key, when the server requires one (READ_ACCESS=key), kept for this tab only. */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem('chain-map-key'),
  set: (key: string): void => sessionStorage.setItem('chain-map-key', key),
};

export async function gql<T>(operation: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  const key = apiKey.get();
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(endpoint(), {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: operation, variables }),
  });
  const body = (await response.json()) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new ApiError(first.message, first.extensions?.code ?? `HTTP_${response.status}`);
  }
  if (!body.data) throw new ApiError(`no data (HTTP ${response.status})`, `HTTP_${response.status}`);
  return body.data;
}
