import { blockComponent } from "../../lib/index";

Component(blockComponent("productGrid"));
