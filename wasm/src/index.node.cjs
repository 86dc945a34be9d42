// CommonJS entry for Node (`require('daneel')`): the ES-module entry loaded
// with require(esm) (Node >= 20.19), so both share one module instance and
// one DaneelError class.
'use strict';
module.exports = require('./index.node.mjs');
