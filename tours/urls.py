from django.urls import path

from practices.content_urls import content_pages

from . import views
from .models import TourOffering

# The fixed paths come first: `tours/<organization>/<slug>/` would otherwise take `tours/bookings/5/`.
urlpatterns = [
    path("tours/bookings/", views.MyBookingsView.as_view(), name="tour-my-bookings"),
    path("tours/bookings/<int:pk>/", views.TourBookingDetailView.as_view(), name="tour-booking-detail"),
    path("tours/bookings/<int:pk>/calendar.ics", views.TourBookingIcsView.as_view(), name="tour-booking-ics"),
    path("tours/bookings/<int:pk>/confirm/", views.TourBookingConfirmView.as_view(), name="tour-booking-confirm"),
    path("tours/bookings/<int:pk>/decline/", views.TourBookingDeclineView.as_view(), name="tour-booking-decline"),
    path("tours/bookings/<int:pk>/cancel/", views.TourBookingCancelView.as_view(), name="tour-booking-cancel"),
    path("tours/bookings/<int:pk>/accept/", views.TourBookingAcceptView.as_view(), name="tour-booking-accept"),
    path("tours/bookings/<int:pk>/feedback/", views.TourFeedbackView.as_view(), name="tour-booking-feedback"),
    path("tours/dates/<int:pk>/book/", views.TourBookingRequestView.as_view(), name="tour-slot-book"),
    path("tours/dates/<int:pk>/capacity/", views.TourSlotCapacityView.as_view(), name="tour-slot-capacity"),
    path("tours/dates/<int:pk>/cancel/", views.TourSlotCancelView.as_view(), name="tour-slot-cancel"),
    path("tours/calendar/", views.PublicCalendarView.as_view(), name="tour-calendar"),
    path("tours/calendar/week/", views.PublicCalendarView.as_view(view_kind="week"), name="tour-calendar-week"),
    path("tours/calendar/<str:token>.ics", views.calendar_feed, name="tour-calendar-feed"),
    path("tours/subscriptions/", views.CalendarFeedsView.as_view(), name="tour-calendar-feeds"),
    path("tours/subscriptions/<int:pk>/revoke/", views.CalendarFeedRevokeView.as_view(), name="tour-calendar-feed-revoke"),
    path("tours/host/<slug:organization>/", views.HostInboxView.as_view(), name="tour-host"),
    path("tours/host/<slug:organization>/days-off/", views.HostBlackoutAddView.as_view(), name="tour-host-blackout-add"),
    path(
        "tours/host/<slug:organization>/days-off/<int:pk>/remove/",
        views.HostBlackoutRemoveView.as_view(), name="tour-host-blackout-remove",
    ),
    path("tours/host/<slug:organization>/calendar/", views.HostCalendarView.as_view(), name="tour-host-calendar"),
    path(
        "tours/host/<slug:organization>/calendar/week/",
        views.HostCalendarView.as_view(view_kind="week"), name="tour-host-calendar-week",
    ),
    path("tours/<slug:organization>/<slug:slug>/dates/", views.TourOfferingDatesView.as_view(), name="touroffering-dates"),
    path("tours/<slug:organization>/<slug:slug>/dates/add/", views.TourSlotAddView.as_view(), name="touroffering-dates-add"),
    path(
        "tours/<slug:organization>/<slug:slug>/dates/weekly/",
        views.TourSlotsWeeklyView.as_view(), name="touroffering-dates-weekly",
    ),
    *content_pages(
        "tours", TourOffering, list_view=views.TourOfferingListView,
        detail_view=views.TourOfferingDetailView, form_view=views.TourOfferingFormView,
    ),
]
