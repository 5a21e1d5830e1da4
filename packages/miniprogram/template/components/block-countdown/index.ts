import { blockComponent } from "../../lib/index";

Component(blockComponent("countdown", { tickMs: 1000 }));
