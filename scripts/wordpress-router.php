<?php
// PHP's built-in server in front of Debian's WordPress (scripts/wordpress-fixture serve): files as they are,
// everything else through index.php, as Apache's rewrite rules would, so /wp-json/ works.
$_SERVER['WORDPRESS_CONFIG'] = 'hubtest';
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && is_file($_SERVER['DOCUMENT_ROOT'] . $path)) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
chdir($_SERVER['DOCUMENT_ROOT']);
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
