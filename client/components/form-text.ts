// A form field's text: FormData gives a File for file inputs, which must not end up as "[object File]".

export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
