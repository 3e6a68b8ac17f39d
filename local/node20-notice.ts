// Local mode runs on Node 20 while the Lambdas run on Node 22; the AWS SDK's notice about Node 20
// says nothing a local user can act on, so it is switched off for local processes only.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
