import '../../local/polyfills';
