import '../../local/polyfills';

// The SDK's notice that its 2027 releases need Node.js 22 is not a test result: keep test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// The handlers' Powertools logs (one JSON line per step) are not test results either; a test that reads them sets its own level.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
