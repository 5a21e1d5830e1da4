import { word, type Locale } from "../../lib/index";

/** A release page: properties `doc` (PageDocument), `blockData`, `env`; each block goes to its own component. */
Component({
  options: { addGlobalClass: true },
  properties: {
    doc: { type: Object, value: { blocks: [] } },
    blockData: { type: Object, value: null },
    env: { type: Object, value: null },
  },
  data: { emptyLabel: "" },
  observers: {
    env(env: { locale?: Locale } | null) {
      this.setData({ emptyLabel: word(env?.locale ?? "zh-CN", "empty") });
    },
  },
});
