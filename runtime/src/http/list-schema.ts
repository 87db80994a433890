/** The response schema of a list route: `{ data: [item, …] }`. */
export const dataList = <Item extends object>(items: Item) =>
  ({ type: "object", required: ["data"], properties: { data: { type: "array", items } } }) as const;
