/**
 * The article's case of the as-of tests: Qingdao's machine-tool chain, its 高端主机 segment and the
 * five-axis project that fills it (seed/data/31-qingdao.json), and an editor key to write with.
 */
export const EDITOR = 'editor-key-0123456789abcdef';
export const SOURCE = 'source:000-qingdao-machine-tools';
export const ZONE = 'park:qingdao-htz';
export const CHAIN = 'chain:qingdao-htz.cnc-machine-tools';
export const MAIN = 'seg:cnc-machine-tools.main-machine';
export const FIVE_AXIS = 'project:qingdao-htz.five-axis-machining-centre-base';
export const FIVE_AXIS_NAME = '高精五轴加工中心生产基地项目';
export const LIDING = 'ent:qingdao-htz.liding-zhineng';
export const YUNDING = 'ent:qingdao-htz.yunding-software';
