import '../../local/polyfills';

// The SDK's notice that its 2027 releases need Node.js 22 is not a test result: keep test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
