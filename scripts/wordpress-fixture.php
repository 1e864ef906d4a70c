<?php
// The WordPress side of scripts/wordpress-fixture: install, seed, edit and delete through WordPress's own API.
// Run by that script only, with HUB_WORDPRESS_DB naming the site's database.
if (PHP_SAPI !== 'cli') {
    exit(1);
}
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['WORDPRESS_CONFIG'] = 'hubtest';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REQUEST_URI'] = '/';
$command = $argv[1] ?? '';
if ($command === 'install') {
    define('WP_INSTALLING', true);
}

// Pluggable: a test site sends no mail (wp_install would notify the admin).
function wp_mail() {
    return true;
}

require '/usr/share/wordpress/wp-load.php';

function fixture_out($value) {
    echo json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
}

function fixture_fail($message) {
    fwrite(STDERR, "wordpress-fixture: $message\n");
    exit(1);
}

function fixture_check($result) {
    if (is_wp_error($result)) {
        fixture_fail($result->get_error_message());
    }
    return $result;
}

// An administrator may post unfiltered HTML: the <script> payload reaches the database, as it would on a
// real portal whose editor pasted it, and the hub's sanitizer is what removes it.
function fixture_as_admin() {
    $admin = get_user_by('login', 'admin');
    if (!$admin) {
        fixture_fail('the site has no admin; run install first');
    }
    wp_set_current_user($admin->ID);
    kses_remove_filters();
}

function fixture_category($name, $slug) {
    $term = fixture_check(wp_insert_term($name, 'category', ['slug' => $slug]));
    return (int) $term['term_id'];
}

// Days ago, in UTC: before whatever the machine's clock says, so no post is ever scheduled for later.
function fixture_days_ago($days) {
    return gmdate('Y-m-d H:i:s', time() - (int) round($days * 86400));
}

function fixture_post($fields) {
    return (int) fixture_check(wp_insert_post($fields + ['post_type' => 'post', 'post_status' => 'publish'], true));
}

switch ($command) {
    case 'install':
        require_once ABSPATH . 'wp-admin/includes/upgrade.php';
        fixture_check(wp_install('ქუთაისის მუნიციპალიტეტი', 'admin', 'admin@example.org', true, '', wp_generate_password(24)));
        update_option('timezone_string', 'Asia/Tbilisi');
        update_option('permalink_structure', '/%postname%/');
        global $wp_rewrite;
        $wp_rewrite->init();
        $wp_rewrite->flush_rules(false);
        fixture_out(['installed' => true]);
        break;

    case 'seed':
        fixture_as_admin();
        $everything = get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids']);
        foreach ($everything as $id) {
            wp_delete_post($id, true);
        }
        foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => false]) as $term) {
            if ($term->slug !== 'uncategorized') {
                wp_delete_term($term->term_id, 'category');
            }
        }
        $practice = fixture_category('კარგი პრაქტიკა', 'good-practice');
        $news = fixture_category('სიახლეები', 'news');
        $services = fixture_category('სერვისები', 'services');
        // Dates in the past: a new post's modification time is its date, so an edit is always later.
        $ids = [
            'categories' => ['good-practice' => $practice, 'news' => $news, 'services' => $services],
            'waste' => fixture_post([
                'post_title' => 'ნარჩენების დახარისხება ქუთაისის სკოლებში',
                'post_excerpt' => 'სკოლებში ნარჩენების დახარისხების პილოტური პროექტი.',
                'post_content' => "<!-- wp:paragraph -->\n<p>ქუთაისის მერიამ <strong>12 სკოლაში</strong> დანერგა ნარჩენების დახარისხება.</p>\n<!-- /wp:paragraph -->\n"
                    . "<h2>შედეგები</h2>\n<ul><li>ქაღალდის გადამუშავება 40%-ით გაიზარდა</li><li>მოსწავლეები ჩაერთნენ</li></ul>\n"
                    . '<p>დაწვრილებით: <a href="https://kutaisi.gov.ge/ka/waste">მერიის გვერდი</a>.</p>',
                'post_category' => [$practice],
                'post_date_gmt' => fixture_days_ago(30),
            ]),
            'budget' => fixture_post([
                'post_title' => 'მონაწილეობითი ბიუჯეტი: მოქალაქეები ირჩევენ',
                'post_content' => '<p>მოქალაქეებმა 30 პროექტიდან ხუთი აირჩიეს.</p>',
                'post_category' => [$news],
                'post_date_gmt' => fixture_days_ago(29),
            ]),
            'hostile' => fixture_post([
                'post_title' => 'ელექტრონული სერვისების ცენტრი',
                'post_content' => '<p>ცენტრი ყოველდღე მუშაობს.</p><script>alert("xss")</script>'
                    . '<img src="x" onerror="alert(1)"><p onclick="steal()">დაგვიკავშირდით</p>'
                    . '<a href="javascript:alert(2)">ბმული</a><iframe src="https://evil.example/"></iframe>'
                    . '<style>body{display:none}</style>',
                'post_category' => [$services],
                'post_date_gmt' => fixture_days_ago(28),
            ]),
            'draft' => fixture_post([
                'post_title' => 'დრაფტი: ჯერ არ გამოქვეყნებულა',
                'post_content' => '<p>საიდუმლო მონახაზი.</p>',
                'post_status' => 'draft',
                'post_category' => [$practice],
            ]),
            'private' => fixture_post([
                'post_title' => 'პირადი ჩანაწერი',
                'post_content' => '<p>მხოლოდ რედაქტორებისთვის.</p>',
                'post_status' => 'private',
                'post_category' => [$practice],
                'post_date_gmt' => fixture_days_ago(27),
            ]),
            'protected' => fixture_post([
                'post_title' => 'პაროლით დაცული ოქმი',
                'post_content' => '<p>სხდომის დახურული ოქმი.</p>',
                'post_password' => 'secret',
                'post_category' => [$practice],
                'post_date_gmt' => fixture_days_ago(26),
            ]),
            'page' => fixture_post([
                'post_type' => 'page',
                'post_title' => 'მერიის შესახებ',
                'post_content' => '<p>ქუთაისის მუნიციპალიტეტის მერია.</p>',
                'post_date_gmt' => fixture_days_ago(31),
            ]),
        ];
        fixture_out($ids);
        break;

    case 'edit':
        fixture_as_admin();
        $fields = ['ID' => (int) ($argv[2] ?? 0), 'post_title' => $argv[3] ?? ''];
        if (isset($argv[4])) {
            $fields['post_content'] = $argv[4];
        }
        $id = (int) fixture_check(wp_update_post($fields, true));
        $post = get_post($id);
        fixture_out(['id' => $id, 'modified_gmt' => $post->post_modified_gmt]);
        break;

    case 'delete':
        fixture_as_admin();
        $id = (int) ($argv[2] ?? 0);
        $done = ($argv[3] ?? '') === '--trash' ? wp_trash_post($id) : wp_delete_post($id, true);
        if (!$done) {
            fixture_fail("no post $id to delete");
        }
        fixture_out(['deleted' => $id]);
        break;

    default:
        fixture_fail("unknown command '$command'");
}
